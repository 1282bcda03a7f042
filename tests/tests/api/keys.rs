//! In AWS the token keys come from SSM Parameter Store (the private key as
//! a SecureString); the same code reads them from moto here.

use aws_sdk_ssm::types::ParameterType;
use contest_domain::{ContestId, ParticipantId};
use contest_usecases::tokens::{generate_keypair_pem, pem_from_parameter};
use contest_usecases::{KeyRole, TokenKeys};

/// The tests' AWS configuration and an SSM client on moto.
async fn moto_ssm() -> (aws_config::SdkConfig, aws_sdk_ssm::Client) {
    let sdk_config = contest_tests::sdk_config_at(&contest_tests::moto_endpoint(), Default::default()).await;
    let ssm = aws_sdk_ssm::Client::new(&sdk_config);
    (sdk_config, ssm)
}

#[tokio::test]
async fn token_keys_load_from_ssm_parameters() {
    let (_, ssm) = moto_ssm().await;
    let (private, public) = generate_keypair_pem();
    let prefix = format!("/test-{}/jwt", uuid::Uuid::new_v4().simple());
    for (name, value, kind) in
        [("private-key", &private, ParameterType::SecureString), ("public-key", &public, ParameterType::String)]
    {
        ssm.put_parameter().name(format!("{prefix}/{name}")).value(value.as_str()).r#type(kind).send().await.unwrap();
    }
    let public_pem = pem_from_parameter(&ssm, &format!("{prefix}/public-key")).await.unwrap();
    let private_pem = pem_from_parameter(&ssm, &format!("{prefix}/private-key")).await.unwrap();
    assert_eq!((public_pem.as_str(), private_pem.as_str()), (public.as_str(), private.as_str()));
    let keys = TokenKeys::from_pems((Some(&public_pem), Some(&private_pem)), (None, None)).unwrap();
    let token =
        keys.issue(&ContestId::parse("c").unwrap(), &ParticipantId::generate(), 0, chrono::Utc::now()).await.unwrap();
    assert!(keys.verify(KeyRole::Participant, &token).is_some());
    assert!(pem_from_parameter(&ssm, &format!("{prefix}/missing")).await.is_err(), "a missing parameter is an error");
}

/// As deployed: the public key resolved into the environment by the template,
/// the private key named by its parameter and read when the first token is
/// issued. A parameter that cannot be read fails that login (and the next
/// login reads again), never the start-up.
#[tokio::test]
async fn the_signing_key_is_read_from_its_parameter_on_first_use() {
    let (sdk_config, ssm) = moto_ssm().await;
    let (private, public) = generate_keypair_pem();
    let parameter = format!("/test-{}/jwt/private-key", uuid::Uuid::new_v4().simple());
    let environment =
        [("JWT_PARTICIPANT_PUBLIC_KEY", public.clone()), ("JWT_PARTICIPANT_PRIVATE_KEY_PARAMETER", parameter.clone())];
    let lookup = |name: &str| environment.iter().find(|(key, _)| *key == name).map(|(_, value)| value.clone());

    let keys = TokenKeys::from_lookup(&sdk_config, lookup).await.expect("starts before the parameter exists");
    assert!(keys.can_issue(KeyRole::Participant) && !keys.can_issue(KeyRole::Organizer));
    let (cid, pid) = (ContestId::parse("c").unwrap(), ParticipantId::generate());
    let err = keys.issue(&cid, &pid, 0, chrono::Utc::now()).await.unwrap_err();
    let answer = http_common::ApiError::from(err);
    assert_eq!((answer.status.as_u16(), answer.code.as_str()), (500, "INTERNAL"));

    ssm.put_parameter().name(&parameter).value(&private).r#type(ParameterType::SecureString).send().await.unwrap();
    let token = keys.issue(&cid, &pid, 0, chrono::Utc::now()).await.expect("the next login reads the parameter");
    assert_eq!(keys.verify(KeyRole::Participant, &token).map(|claims| claims.sub), Some(pid.to_string()));
    // Read once: deleting the parameter does not stop later logins.
    ssm.delete_parameter().name(&parameter).send().await.unwrap();
    assert!(keys.issue(&cid, &pid, 0, chrono::Utc::now()).await.is_ok());
}

/// Registration signs the token while the password is hashed, and stores the
/// account only once both are done: a key that cannot be read answers 500
/// and leaves no account behind, so the same phone registers once it can.
#[tokio::test]
async fn a_registration_whose_token_cannot_be_signed_stores_no_account() {
    let (sdk_config, ssm) = moto_ssm().await;
    let (private, public) = generate_keypair_pem();
    let parameter = format!("/test-{}/jwt/private-key", uuid::Uuid::new_v4().simple());
    let environment =
        [("JWT_PARTICIPANT_PUBLIC_KEY", public), ("JWT_PARTICIPANT_PRIVATE_KEY_PARAMETER", parameter.clone())];
    let lookup = |name: &str| environment.iter().find(|(key, _)| *key == name).map(|(_, value)| value.clone());
    let keys = TokenKeys::from_lookup(&sdk_config, lookup).await.expect("starts before the parameter exists");
    let app =
        contest_tests::spawn_app_with_keys(contest_tests::test_store().await, contest_tests::contest_file(30, 5), keys)
            .await;
    let body = serde_json::json!({
        "full_name": "Nguyễn Văn Khóa",
        "phone": "0912000111",
        "password": contest_tests::PASSWORD,
        "organization_id": "phuong-1",
    });

    app.register_raw(body.clone()).await.expect_error(reqwest::StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL");

    ssm.put_parameter().name(&parameter).value(&private).r#type(ParameterType::SecureString).send().await.unwrap();
    let registered = app.register_raw(body).await.expect(reqwest::StatusCode::CREATED);
    assert!(registered["token"].as_str().is_some_and(|token| !token.is_empty()));
}
