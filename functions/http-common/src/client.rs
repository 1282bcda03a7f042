//! Where a request comes from, for the brakes counted per source address:
//! API Gateway's `requestContext.http.sourceIp` in Lambda, the peer address
//! in the local gateway. Headers a client could write (`X-Forwarded-For`)
//! are never trusted.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::SocketAddr;

/// The request's source address as text (`unknown` when none is known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        if let Some(lambda_http::request::RequestContext::ApiGatewayV2(context)) =
            parts.extensions.get::<lambda_http::request::RequestContext>()
        {
            if let Some(ip) = context.http.source_ip.as_ref() {
                return Ok(Self(ip.to_string()));
            }
        }
        if let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() {
            return Ok(Self(peer.ip().to_string()));
        }
        Ok(Self("unknown".to_owned()))
    }
}
