//! In AWS the token keys come from SSM Parameter Store (the private key as
//! a SecureString); the same code reads them from moto here.

use aws_sdk_dynamodb::config::{Credentials, Region};
use aws_sdk_ssm::types::ParameterType;
use contest_domain::{ContestId, ParticipantId};
use http_common::auth::{generate_keypair_pem, pem_from_parameter};
use http_common::TokenKeys;

#[tokio::test]
async fn token_keys_load_from_ssm_parameters() {
    let sdk_config = contest_store::Store::sdk_loader()
        .endpoint_url(contest_tests::moto_endpoint())
        .region(Region::new("ap-southeast-1"))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "tests"))
        .load()
        .await;
    let ssm = aws_sdk_ssm::Client::new(&sdk_config);
    let (private, public) = generate_keypair_pem();
    let prefix = format!("/test-{}/jwt", uuid::Uuid::new_v4().simple());
    for (name, value, kind) in [("private-key", &private, ParameterType::SecureString), ("public-key", &public, ParameterType::String)] {
        ssm.put_parameter().name(format!("{prefix}/{name}")).value(value.as_str()).r#type(kind).send().await.unwrap();
    }
    let public_pem = pem_from_parameter(&ssm, &format!("{prefix}/public-key")).await.unwrap();
    let private_pem = pem_from_parameter(&ssm, &format!("{prefix}/private-key")).await.unwrap();
    assert_eq!((public_pem.as_str(), private_pem.as_str()), (public.as_str(), private.as_str()));
    let keys = TokenKeys::from_pems(&public_pem, Some(&private_pem)).unwrap();
    let token = keys.issue(&ContestId::parse("c").unwrap(), &ParticipantId::generate(), chrono::Utc::now()).unwrap();
    assert!(keys.verify(&token).is_some());
    assert!(pem_from_parameter(&ssm, &format!("{prefix}/missing")).await.is_err(), "a missing parameter is an error");
}
