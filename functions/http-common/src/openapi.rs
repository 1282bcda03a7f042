//! The API description, generated from the code: each handler's
//! `#[utoipa::path]` (its parameters, body and success answers), the error
//! codes it declares with [`api_errors!`](crate::api_errors), and the
//! response structs of `contest-usecases`. `gateway`'s `openapi` binary
//! writes the whole document to `api/openapi.json`.

use std::collections::BTreeMap;

use contest_usecases::ErrorCode;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, Object, ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi, RefOr, Response, ResponseBuilder};

use crate::error::status_of;

/// `{"error": {"code": <one of codes>, "message", "field"?}}`.
fn error_body_schema(codes: &[&'static str]) -> Schema {
    let detail = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("code", ObjectBuilder::new().schema_type(Type::String).enum_values(Some(codes.iter().copied())))
        .required("code")
        .property(
            "message",
            ObjectBuilder::new().schema_type(Type::String).description(Some("In Vietnamese, for people.")),
        )
        .required("message")
        .property(
            "field",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some("The request field at fault, when there is one.")),
        )
        .additional_properties(Some(AdditionalProperties::FreeForm(false)));
    Schema::Object(
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .property("error", detail)
            .required("error")
            .additional_properties(Some(AdditionalProperties::FreeForm(false)))
            .build(),
    )
}

/// One response per HTTP status, listing the codes an operation answers
/// with at that status. Used by [`api_errors!`](crate::api_errors).
pub fn error_responses(codes: &[ErrorCode]) -> BTreeMap<String, RefOr<Response>> {
    let mut by_status: BTreeMap<u16, Vec<&'static str>> = BTreeMap::new();
    for code in codes {
        let listed = by_status.entry(status_of(*code).as_u16()).or_default();
        if !listed.contains(&code.as_str()) {
            listed.push(code.as_str());
        }
    }
    by_status
        .into_iter()
        .map(|(status, mut codes)| {
            codes.sort_unstable();
            let reason =
                axum::http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("Error");
            let mut response = ResponseBuilder::new()
                .description(format!("{reason}. Codes: {}.", codes.join(", ")))
                .content("application/json", ContentBuilder::new().schema(Some(error_body_schema(&codes))).build());
            if status == 503 || status == 429 {
                response = response.header(
                    "Retry-After",
                    HeaderBuilder::new()
                        .schema(Some(ObjectBuilder::new().schema_type(Type::Integer)))
                        .description(Some("Seconds to wait before trying again."))
                        .build(),
                );
            }
            (status.to_string(), RefOr::T(response.build()))
        })
        .collect()
}

/// Declares the error codes an operation can answer with, as a type to put
/// in its `#[utoipa::path(responses(...))]`:
///
/// ```ignore
/// http_common::api_errors!(LoginErrors: InvalidJson, InvalidPhone, InvalidCredentials);
/// ```
#[macro_export]
macro_rules! api_errors {
    ($name:ident: $($code:ident),+ $(,)?) => {
        pub struct $name;

        impl $name {
            pub const CODES: &'static [$crate::reexport::ErrorCode] = &[$($crate::reexport::ErrorCode::$code),+];
        }

        impl $crate::reexport::utoipa::IntoResponses for $name {
            fn responses() -> ::std::collections::BTreeMap<
                ::std::string::String,
                $crate::reexport::utoipa::openapi::RefOr<$crate::reexport::utoipa::openapi::Response>,
            > {
                $crate::openapi::error_responses(Self::CODES)
            }
        }
    };
}

/// The document's frame: title, description, servers, tags, security
/// schemes; `paths` are each function's, merged in.
pub fn document(paths: impl IntoIterator<Item = OpenApi>) -> OpenApi {
    let mut document = utoipa::openapi::OpenApiBuilder::new()
        .info(
            utoipa::openapi::InfoBuilder::new()
                .title("Quiz contest API")
                .version("1.0.0")
                .description(Some(DESCRIPTION))
                .build(),
        )
        .servers(Some([utoipa::openapi::ServerBuilder::new()
            .url("/")
            .description(Some("The gateway or API Gateway stage root."))
            .build()]))
        .build();
    for part in paths {
        document.merge(part);
    }
    document.tags = Some(
        TAGS.iter()
            .map(|(name, description)| {
                utoipa::openapi::tag::TagBuilder::new().name(*name).description(Some(*description)).build()
            })
            .collect(),
    );
    let components = document.components.get_or_insert_with(Default::default);
    for (name, description) in [
        ("participantToken", "EdDSA (Ed25519) JWT with role `participant` and the contest id; from register or login; 24 h."),
        (
            "organizerToken",
            "EdDSA (Ed25519) JWT with role `organizer`, good for every contest; from `/api/admin/login`; 8 h. A participant token here gets 403.",
        ),
    ] {
        components.add_security_scheme(
            name,
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").description(Some(description)).build(),
            ),
        );
    }
    close_objects(&mut document);
    hoist_error_responses(&mut document);
    document
}

/// Moves each operation's error responses into `components/responses`,
/// named by status and codes (`Error404_CONTEST_NOT_FOUND_NOT_FOUND`), so
/// every distinct set is written once and operations refer to it.
fn hoist_error_responses(document: &mut OpenApi) {
    let mut hoisted = BTreeMap::new();
    for item in document.paths.paths.values_mut() {
        let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
        for operation in operations.into_iter().flatten() {
            for (status, response) in operation.responses.responses.iter_mut() {
                let RefOr::T(inner) = response else { continue };
                let Some(codes) = error_codes(inner) else { continue };
                let name = format!("Error{status}_{}", codes.join("_"));
                hoisted.entry(name.clone()).or_insert_with(|| inner.clone());
                *response = RefOr::Ref(utoipa::openapi::Ref::from_response_name(name));
            }
        }
    }
    let components = document.components.get_or_insert_with(Default::default);
    for (name, response) in hoisted {
        components.responses.insert(name, RefOr::T(response));
    }
}

/// The codes an error response lists, read back from the schema
/// [`error_body_schema`] built.
fn error_codes(response: &Response) -> Option<Vec<String>> {
    let content = response.content.get("application/json")?;
    let RefOr::T(content) = content else { return None };
    let Some(RefOr::T(Schema::Object(body))) = content.schema.as_ref() else { return None };
    let RefOr::T(Schema::Object(error)) = body.properties.get("error")? else { return None };
    let RefOr::T(Schema::Object(code)) = error.properties.get("code")? else { return None };
    let codes = code.enum_values.as_ref()?;
    Some(codes.iter().filter_map(|value| value.as_str().map(str::to_owned)).collect())
}

const DESCRIPTION: &str = "The HTTP API of the quiz-contest platform: Lambda functions behind one API Gateway (tags name the function serving each route), served locally by `target/debug/gateway`. Generated from the code (`gateway`'s `openapi` binary).\n\nEvery request and response body is JSON unless stated; request objects reject unknown fields. Every error is `{\"error\": {\"code\", \"message\", \"field\"?}}` with a stable `code` and a Vietnamese `message`. Besides the errors listed per operation, any `/api` path not listed here answers 404 `NOT_FOUND`, and a listed path with a method not listed answers 405 `METHOD_NOT_ALLOWED`, both with that error shape.\n\nParticipants get a token from register or login (valid for that contest only); organizers from `/api/admin/login`. Send it as `Authorization: Bearer <token>`.";

const TAGS: &[(&str, &str)] = &[
    ("registration", "Lambda `registration`: public contest information, sign-up, log-in, the participant's overview. Holds the participant signing key."),
    ("start-attempt", "Lambda `start-attempt`: draws attempts and serves them back to their owner."),
    ("submit", "Lambda `submit`: autosaves answers and scores attempts."),
    ("ranking", "Lambda `ranking`: leaderboards, published winners, health check and this document."),
    ("organizer", "Lambdas `organizer`, `organizer_imports` and `organizer_exports`: everything under `/api/admin`, for organizer tokens only."),
];

/// Every object schema with declared properties gets `additionalProperties:
/// false`: responses carry exactly their fields, and request structs reject
/// unknown ones (`deny_unknown_fields`). Maps and free-form objects keep
/// theirs; the parts of an `allOf` (a flattened struct) are left open, as
/// closing one would reject the other's fields.
fn close_objects(document: &mut OpenApi) {
    if let Some(components) = document.components.as_mut() {
        components.schemas.values_mut().for_each(close_ref_or);
    }
    for item in document.paths.paths.values_mut() {
        let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
        for operation in operations.into_iter().flatten() {
            if let Some(RefOr::T(body)) = operation.request_body.as_mut() {
                for content in body.content.values_mut() {
                    if let RefOr::T(content) = content {
                        content.schema.as_mut().map(close_ref_or);
                    }
                }
            }
            for response in operation.responses.responses.values_mut() {
                if let RefOr::T(response) = response {
                    for content in response.content.values_mut() {
                        if let RefOr::T(content) = content {
                            content.schema.as_mut().map(close_ref_or);
                        }
                    }
                }
            }
        }
    }
}

fn close_ref_or(schema: &mut RefOr<Schema>) {
    if let RefOr::T(schema) = schema {
        match schema {
            Schema::Object(object) => close_object(object),
            Schema::Array(array) => {
                if let ArrayItems::RefOrSchema(items) = &mut array.items {
                    close_ref_or(items);
                }
            }
            Schema::OneOf(one_of) => one_of.items.iter_mut().for_each(close_ref_or),
            Schema::AnyOf(any_of) => any_of.items.iter_mut().for_each(close_ref_or),
            _ => {}
        }
    }
}

fn close_object(object: &mut Object) {
    object.properties.values_mut().for_each(close_ref_or);
    match object.additional_properties.as_deref_mut() {
        Some(AdditionalProperties::RefOr(inner)) => close_ref_or(inner),
        Some(_) => {}
        None if !object.properties.is_empty() => {
            object.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)))
        }
        None => {}
    }
}
