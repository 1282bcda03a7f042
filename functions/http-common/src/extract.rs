//! Extractors whose every rejection is an [`ApiError`]: axum's defaults
//! answer in plain English text, which no client can key on.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use contest_domain::{AttemptId, ContestId, QuestionId, RoundId};
use contest_usecases::Error;
use serde::de::DeserializeOwned;

use crate::ApiError;

pub const MAX_BODY_BYTES: usize = 64 * 1024;

pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read_body(request, state).await?;
        parse_json(&bytes).map(ApiJson)
    }
}

async fn read_body<S: Send + Sync>(request: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(request, state).await.map_err(|rejection| match rejection {
        BytesRejection::FailedToBufferBody(_) => Error::PayloadTooLarge.into(),
        other => Error::InvalidJson(other.body_text()).into(),
    })
}

/// The raw body (files), with the same JSON errors as [`ApiJson`].
pub struct ApiBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBytes {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        read_body(request, state).await.map(ApiBytes)
    }
}

/// Like [`ApiJson`], but an empty body is the type's default: for requests
/// whose every field is optional.
pub struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Default, S: Send + Sync> FromRequest<S> for OptionalJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read_body(request, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(T::default()));
        }
        parse_json(&bytes).map(OptionalJson)
    }
}

/// Parses a body, naming the field at fault in Vietnamese terms a developer
/// of a client can act on.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.len() > MAX_BODY_BYTES {
        return Err(Error::PayloadTooLarge.into());
    }
    let text = std::str::from_utf8(bytes).map_err(|_| Error::InvalidJson("nội dung không phải UTF-8".into()))?;
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        let detail = if path == "." { inner.to_string() } else { format!("trường «{path}»: {inner}") };
        Error::InvalidJson(detail).into()
    })
}

/// An id taken from the request path. An id that cannot be valid gets the
/// same answer as one that does not exist: the id's own 404.
pub trait PathId: Sized {
    fn from_segment(raw: String) -> Result<Self, Error>;
}

impl PathId for ContestId {
    fn from_segment(raw: String) -> Result<Self, Error> {
        ContestId::parse(raw).map_err(|_| Error::ContestNotFound)
    }
}

impl PathId for RoundId {
    fn from_segment(raw: String) -> Result<Self, Error> {
        RoundId::parse(raw).map_err(|_| Error::RoundNotFound)
    }
}

impl PathId for AttemptId {
    fn from_segment(raw: String) -> Result<Self, Error> {
        AttemptId::parse(raw).map_err(|_| Error::AttemptNotFound)
    }
}

impl PathId for QuestionId {
    fn from_segment(raw: String) -> Result<Self, Error> {
        QuestionId::parse(raw).map_err(|_| Error::QuestionNotFound)
    }
}

impl PathId for contest_domain::ParticipantId {
    fn from_segment(raw: String) -> Result<Self, Error> {
        contest_domain::ParticipantId::parse(raw).map_err(|_| Error::ParticipantNotFound)
    }
}

/// A segment checked by the use case itself (an organization id being created).
impl PathId for String {
    fn from_segment(raw: String) -> Result<Self, Error> {
        Ok(raw)
    }
}

/// The ids of a route's path, each parsed into its type in path order:
/// `Ids(cid)`, `Ids((cid, rid))`.
pub struct Ids<T>(pub T);

async fn segments<S: Send + Sync>(parts: &mut Parts, state: &S) -> Result<Vec<String>, ApiError> {
    axum::extract::Path::<Vec<(String, String)>>::from_request_parts(parts, state)
        .await
        .map(|axum::extract::Path(pairs)| pairs.into_iter().map(|(_, value)| value).collect())
        .map_err(|_: PathRejection| ApiError::route_not_found())
}

impl<A: PathId, S: Send + Sync> FromRequestParts<S> for Ids<A> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let [a]: [String; 1] = segments(parts, state).await?.try_into().map_err(|_| ApiError::route_not_found())?;
        Ok(Ids(A::from_segment(a)?))
    }
}

impl<A: PathId, B: PathId, S: Send + Sync> FromRequestParts<S> for Ids<(A, B)> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let [a, b]: [String; 2] = segments(parts, state).await?.try_into().map_err(|_| ApiError::route_not_found())?;
        Ok(Ids((A::from_segment(a)?, B::from_segment(b)?)))
    }
}

/// The query string as `T`, percent-decoded; unknown parameters are ignored.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| ApiQuery(value))
            .map_err(|rejection| Error::InvalidQuery(rejection.body_text()).into())
    }
}
