//! Who is calling: the bearer token, verified with the function's public
//! key, turned into the use cases' identity types.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use contest_domain::{ContestId, ParticipantId};
use contest_usecases::tokens::{ORGANIZER_ROLE, PARTICIPANT_ROLE};
use contest_usecases::{App, Claims, Error, Organizer, Participant};

use crate::ApiError;

fn bearer_claims(parts: &Parts, app: &App) -> Result<Claims, ApiError> {
    let header = parts.headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let token = header.strip_prefix("Bearer ").ok_or(Error::Unauthenticated)?;
    Ok(app.tokens.verify(token.trim()).ok_or(Error::Unauthenticated)?)
}

/// The authenticated participant of a request.
#[derive(Debug, Clone)]
pub struct ParticipantAuth(pub Participant);

impl FromRequestParts<App> for ParticipantAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let claims = bearer_claims(parts, app)?;
        if claims.role != PARTICIPANT_ROLE {
            return Err(Error::Unauthenticated.into());
        }
        Ok(Self(Participant {
            id: ParticipantId::parse(claims.sub).map_err(|_| Error::Unauthenticated)?,
            contest_id: ContestId::parse(claims.cid).map_err(|_| Error::Unauthenticated)?,
        }))
    }
}

/// The authenticated organizer of an admin request. A valid participant
/// token is recognised and refused with 403, not 401: logging in again
/// would not help.
#[derive(Debug, Clone)]
pub struct OrganizerAuth(pub Organizer);

impl FromRequestParts<App> for OrganizerAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let claims = bearer_claims(parts, app)?;
        if claims.role != ORGANIZER_ROLE {
            return Err(Error::Forbidden.into());
        }
        Ok(Self(Organizer { username: claims.sub }))
    }
}
