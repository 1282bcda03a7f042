//! Who is calling: the bearer token, verified with the public key of the
//! role the route serves (participant routes with the participant key,
//! admin routes with the organizer key), turned into the use cases'
//! identity types; and where the call comes from.

use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, RawPathParams};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::Method;
use contest_domain::{ContestId, ParticipantId};
use contest_usecases::{App, Denied, Error, KeyRole, Organizer, Participant};

use crate::ApiError;

fn bearer(parts: &Parts) -> Result<&str, Error> {
    let header = parts.headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    Ok(header.strip_prefix("Bearer ").ok_or(Error::Unauthenticated)?.trim())
}

/// The authenticated participant of a request. The token's version is
/// checked by the use case, in the condition or read the route makes anyway.
#[derive(Debug, Clone)]
pub struct ParticipantAuth(pub Participant);

impl FromRequestParts<App> for ParticipantAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let claims = app.tokens.verify(KeyRole::Participant, bearer(parts)?).ok_or(Error::Unauthenticated)?;
        Ok(Self(Participant {
            id: ParticipantId::parse(claims.sub).map_err(|_| Error::Unauthenticated)?,
            contest_id: ContestId::parse(claims.cid).map_err(|_| Error::Unauthenticated)?,
            token_version: claims.ver,
        }))
    }
}

/// Admin requests that change nothing but are not GETs: a viewer may ask
/// for a results export (it writes a file of what they may already read).
const VIEWER_MAY_POST: &[&str] = &["/api/admin/contests/{cid}/exports"];

/// The authenticated and authorized organizer of an admin request.
///
/// The token must verify with the organizer key and carry the account's
/// current token version (one strongly consistent read of the account per
/// request): a password change or a disabled account revokes every earlier
/// token at once. Then the account's role and contests decide: a viewer
/// may only read, and an account scoped to some contests may touch only
/// those (and may not create contests or run the job for all). A valid
/// participant token, where this process can tell, is refused with 403,
/// not 401: logging in again would not help.
#[derive(Debug, Clone)]
pub struct OrganizerAuth(pub Organizer);

impl FromRequestParts<App> for OrganizerAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let token = bearer(parts)?;
        let Some(claims) = app.tokens.verify(KeyRole::Organizer, token) else {
            if app.tokens.verify(KeyRole::Participant, token).is_some() {
                return Err(Error::Forbidden(Denied::NotOrganizer).into());
            }
            return Err(Error::Unauthenticated.into());
        };
        let who = contest_usecases::organizer::authenticate(app, &claims).await?;
        let route = parts.extensions.get::<MatchedPath>().map(|path| path.as_str().to_owned()).unwrap_or_default();
        let write = !matches!(parts.method, Method::GET | Method::HEAD)
            && !(parts.method == Method::POST && VIEWER_MAY_POST.contains(&route.as_str()));
        let params = RawPathParams::from_request_parts(parts, app).await.ok();
        let contest = params
            .as_ref()
            .and_then(|params| params.iter().find(|(name, _)| *name == "cid").map(|(_, value)| value.to_owned()));
        match contest {
            Some(raw) => match ContestId::parse(raw.as_str()) {
                Ok(cid) => who.authorize(write, Some(&cid))?,
                // Not an id: the path extractor answers 404 next; an
                // account scoped to some contests sees none of it.
                Err(_) => who.authorize(write, who.contests.as_ref().and_then(|c| c.first()))?,
            },
            None => who.authorize(write, None)?,
        }
        Ok(Self(who))
    }
}

/// The caller's network address, for the per-address limit on organizer
/// log-ins. In Lambda, behind CloudFront, the viewer's address is the one
/// CloudFront appended to `X-Forwarded-For` (API Gateway appends
/// CloudFront's own after it); anything a client wrote before it is
/// ignored. Locally, the socket's peer.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        if std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some() {
            let forwarded: Vec<String> = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(',').map(|s| s.trim().to_owned()))
                .filter(|s| !s.is_empty())
                .collect();
            let viewer = match forwarded.len() {
                0 => "unknown".to_owned(),
                1 => forwarded[0].clone(),
                n => forwarded[n - 2].clone(),
            };
            return Ok(Self(viewer));
        }
        let peer = parts.extensions.get::<ConnectInfo<std::net::SocketAddr>>().map(|info| info.0.ip().to_string());
        Ok(Self(peer.unwrap_or_else(|| "local".to_owned())))
    }
}
