//! Documents and transparency (issue 18), against moto: published result
//! fingerprints, the committee's Word documents, certificates whose QR code
//! leads to a verification anyone can make, and units' follow-up links.

use chrono::Duration;
use contest_tests::{contest_file, spawn_app_with, Participant, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::io::Read;

async fn download(app: &TestApp, url: &str) -> Vec<u8> {
    app.client.get(url).send().await.unwrap().bytes().await.unwrap().to_vec()
}

/// A contest whose open round is decided: three people took it.
async fn decided(app: &TestApp) -> (String, Vec<Participant>) {
    let organizer = app.organizer_token().await;
    let mut people = Vec::new();
    for (n, (name, unit, right)) in
        [("Nguyễn Thị Nhất", "phuong-1", 5), ("Trần Văn Nhì", "phong-noi-vu", 4), ("Lê Thị Ba", "phuong-1", 3)]
            .into_iter()
            .enumerate()
    {
        let who = app.register(name, &format!("09120050{n:02}"), unit).await;
        app.take_attempt(&who, "open", right, 60 + n as i64, Some(1)).await;
        people.push(who);
    }
    app.state.clock.advance(Duration::days(7));
    app.admin_post_job(&organizer).await;
    (organizer, people)
}

fn paperwork_contest() -> Value {
    let mut file = contest_file(30, 5);
    file["paperwork"] = json!({
        "parent_body": "UBND thị xã Quảng Trị",
        "issuing_body": "Ban Tổ chức Cuộc thi",
        "place": "Quảng Trị",
        "signer_authority": "TM. Ban Tổ chức",
        "signer_title": "Trưởng ban",
        "signer_name": "Hoàng Văn Trưởng",
        "recipients": ["Thường trực Thị ủy", "Chủ tịch, các PCT UBND thị xã"],
        "decision_authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ XÃ QUẢNG TRỊ",
        "decider": "Chủ tịch UBND thị xã Quảng Trị",
        "plan_reference": "Kế hoạch số 123/KH-UBND ngày 10/10/2022 của UBND thị xã Quảng Trị"
    });
    file["prize_amounts"] = json!({"first": 500000, "second": 300000, "third": 200000, "collective": [1000000]});
    file
}

fn docx_text(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a .docx is a zip");
    let mut xml = String::new();
    archive.by_name("word/document.xml").expect("document.xml").read_to_string(&mut xml).unwrap();
    // The text of every run, in order (tags dropped).
    let mut text = String::new();
    let mut inside = false;
    for c in xml.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
}

#[tokio::test]
async fn a_published_round_publishes_its_results_fingerprint() {
    let app = spawn_app_with(contest_file(30, 5)).await;
    let (organizer, _) = decided(&app).await;
    app.admin(Method::POST, "/winners/publish?round=open", &organizer, None).await.expect(StatusCode::OK);
    let public = app.get("/rounds/open/winners", None).await.expect(StatusCode::OK);
    assert_eq!(
        (public["ranked_participants"].as_u64(), public["results_file"].as_str()),
        (Some(3), Some("xep-hang-open.csv"))
    );
    let published = public["results_sha256"].as_str().unwrap().to_owned();
    assert_eq!(published.len(), 64);

    // Anyone holding the round's file from an export finds the same hash.
    let created = app.admin(Method::POST, "/exports", &organizer, None).await.expect(StatusCode::CREATED);
    let listed = app.admin(Method::GET, "/exports", &organizer, None).await.expect(StatusCode::OK);
    let export =
        listed["exports"].as_array().unwrap().iter().find(|e| e["export_id"] == created["export_id"]).unwrap().clone();
    let file = export["files"].as_array().unwrap().iter().find(|f| f["name"] == "xep-hang-open.csv").unwrap();
    let bytes = download(&app, file["url"].as_str().unwrap()).await;
    let hash: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hash, published);
    let manifest_file = export["files"].as_array().unwrap().iter().find(|f| f["name"] == "manifest.json").unwrap();
    let manifest: Value =
        serde_json::from_slice(&download(&app, manifest_file["url"].as_str().unwrap()).await).unwrap();
    let entry = manifest["files"].as_array().unwrap().iter().find(|f| f["name"] == "xep-hang-open.csv").unwrap();
    assert_eq!(entry["sha256"], published.as_str());
}

#[tokio::test]
async fn the_committee_s_documents_are_word_files_in_the_administrative_format_with_real_figures() {
    let app = spawn_app_with(paperwork_contest()).await;
    let (organizer, _) = decided(&app).await;
    app.admin(Method::POST, "/documents", &organizer, Some(json!({"kind": "weekly_notice"})))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "ROUND_REQUIRED");
    app.admin(Method::POST, "/documents", &organizer, Some(json!({"kind": "weekly_notice", "round": "future"})))
        .await
        .expect_error(StatusCode::CONFLICT, "WINNERS_NOT_DECIDED");
    let mut texts = Vec::new();
    for body in [
        json!({"kind": "weekly_notice", "round": "open"}),
        json!({"kind": "final_report"}),
        json!({"kind": "award_decision"}),
    ] {
        let created = app.admin(Method::POST, "/documents", &organizer, Some(body)).await.expect(StatusCode::CREATED);
        assert!(created["name"].as_str().unwrap().ends_with(".docx"));
        texts.push(docx_text(&download(&app, created["url"].as_str().unwrap()).await));
    }
    for text in &texts {
        for needle in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Quảng Trị, ngày"]
        {
            assert!(text.contains(needle), "{needle} missing in: {text}");
        }
    }
    let (notice, report, decision) = (&texts[0], &texts[1], &texts[2]);
    assert!(
        notice.contains("THÔNG BÁO")
            && notice.contains("BAN TỔ CHỨC CUỘC THI")
            && notice.contains("UBND THỊ XÃ QUẢNG TRỊ")
    );
    for name in ["Nguyễn Thị Nhất", "Trần Văn Nhì", "Lê Thị Ba"] {
        assert!(notice.contains(name) && decision.contains(name), "{name}");
    }
    assert!(notice.contains("500.000") && notice.contains("Hoàng Văn Trưởng"), "{notice}");
    assert!(
        report.contains("BÁO CÁO") && report.contains("UBND Phường 1") && report.contains("Phòng Nội vụ"),
        "{report}"
    );
    assert!(decision.contains("QUYẾT ĐỊNH") && decision.contains("Kế hoạch số 123/KH-UBND"), "{decision}");
    // 500,000 + 300,000 + 200,000 to people and 1,000,000 to the first unit.
    assert!(decision.contains("2.000.000"), "the decision's total: {decision}");
    let listed = app.admin(Method::GET, "/documents", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(listed["documents"].as_array().unwrap().len(), 3);
}

/// The text of the first QR code in a PDF, as a phone would read it.
fn decode_qr(pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("cert-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("c.pdf"), pdf).unwrap();
    let rendered = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "150", "-f", "1", "-l", "1", "c.pdf", "page"])
        .current_dir(&dir)
        .status()
        .expect("pdftoppm (Debian poppler-utils; .ci/run installs it)");
    assert!(rendered.success());
    let image = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .unwrap();
    let output = std::process::Command::new("zbarimg")
        .args(["--quiet", "--raw"])
        .arg(&image)
        .output()
        .expect("zbarimg (Debian zbar-tools; .ci/run installs it)");
    std::fs::remove_dir_all(&dir).ok();
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

#[tokio::test]
async fn certificates_carry_a_qr_code_that_leads_to_their_verification() {
    let app = spawn_app_with(paperwork_contest()).await;
    let (organizer, people) = decided(&app).await;
    app.get("/me/certificates", Some(&people[0].token)).await.expect_error(StatusCode::CONFLICT, "NO_CERTIFICATES");
    let created =
        app.admin(Method::POST, "/certificates?round=open", &organizer, None).await.expect(StatusCode::CREATED);
    assert_eq!(created["certificates"], 3);
    let pdf = download(&app, created["url"].as_str().unwrap()).await;
    let url = decode_qr(&pdf);
    let code = url.split("?verify=").nth(1).unwrap_or_else(|| panic!("a verification link: {url}"));
    assert!(code.len() >= 16, "at least 64 random bits: {code}");
    let verified = app.send(app.client.get(format!("{}/api/verify/{code}", app.base))).await.expect(StatusCode::OK);
    assert_eq!(verified["full_name"], "Nguyễn Thị Nhất");
    assert_eq!((verified["score"].as_u64(), verified["total"].as_u64()), (Some(5), Some(5)));
    assert!(verified["award"].as_str().unwrap().contains("GIẢI NHẤT"), "{verified}");
    assert_eq!(verified["contest_title"], "Cuộc thi kiểm thử");
    app.send(app.client.get(format!("{}/api/verify/AAAABBBBCCCCDDDD", app.base)))
        .await
        .expect_error(StatusCode::NOT_FOUND, "CERTIFICATE_NOT_FOUND");

    // The winner's own copy, once the list is published, carries the same code.
    app.admin(Method::POST, "/winners/publish?round=open", &organizer, None).await.expect(StatusCode::OK);
    let mine = app.send(app.client.get(app.url("/me/certificates")).bearer_auth(&people[0].token)).await;
    assert_eq!(mine.status, StatusCode::OK);
    let own = app
        .client
        .get(app.url("/me/certificates"))
        .bearer_auth(&people[0].token)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(own.starts_with(b"%PDF"));
    assert_eq!(decode_qr(&own), url, "printed twice, the same code");
}

#[tokio::test]
async fn a_unit_head_follows_the_unit_through_a_revocable_link() {
    let app = spawn_app_with(contest_file(30, 5)).await;
    let organizer = app.organizer_token().await;
    let took = app.register("Phạm Văn Đã Thi", "0912005101", "phuong-1").await;
    app.register("Võ Thị Chưa Thi", "0912005102", "phuong-1").await;
    app.register("Người Đơn Vị Khác", "0912005103", "phong-noi-vu").await;
    app.take_attempt(&took, "open", 3, 60, Some(1)).await;

    let link = app
        .admin(Method::POST, "/organizations/phuong-1/follow-up-link", &organizer, None)
        .await
        .expect(StatusCode::CREATED);
    let token = link["token"].as_str().unwrap().to_owned();
    assert!(link["url"].as_str().unwrap().ends_with(&format!("/don-vi/?t={token}")));
    let unit = app.send(app.client.get(format!("{}/api/units/{token}", app.base))).await.expect(StatusCode::OK);
    assert_eq!(
        (unit["organization"].as_str(), unit["headcount"].as_u64(), unit["participants_total"].as_u64()),
        (Some("UBND Phường 1"), Some(4), Some(1))
    );
    assert_eq!(unit["rate"], 0.25);
    let members: Vec<(String, Value)> = unit["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["full_name"].as_str().unwrap().to_owned(), m["rounds_completed"].clone()))
        .collect();
    assert_eq!(members, [("Phạm Văn Đã Thi".to_owned(), json!(["open"])), ("Võ Thị Chưa Thi".to_owned(), json!([]))]);
    assert!(!unit.to_string().contains("0912005"), "names only: no phone");
    let open = unit["rounds"].as_array().unwrap().iter().find(|r| r["round_id"] == "open").unwrap();
    assert_eq!(open["completed"], 1);

    let listed = app.admin(Method::GET, "/follow-up-links", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(listed["links"][0]["organization_id"], "phuong-1");
    let revoked = app
        .send(app.client.delete(app.admin_url("/organizations/phuong-1/follow-up-link")).bearer_auth(&organizer))
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    app.send(app.client.get(format!("{}/api/units/{token}", app.base)))
        .await
        .expect_error(StatusCode::NOT_FOUND, "FOLLOW_UP_LINK_NOT_FOUND");
    app.send(app.client.get(format!("{}/api/units/{}", app.base, "0".repeat(32))))
        .await
        .expect_error(StatusCode::NOT_FOUND, "FOLLOW_UP_LINK_NOT_FOUND");
    let audit = app.admin(Method::GET, "/audit", &organizer, None).await.expect(StatusCode::OK);
    let actions: Vec<&str> =
        audit["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions[..2], ["follow_up.revoke", "follow_up.create"]);
}

#[tokio::test]
async fn posters_carry_the_contest_link_and_a_unit_s_variant_preselects_it() {
    let app = spawn_app_with(contest_file(30, 5)).await;
    let organizer = app.organizer_token().await;
    let general = app.admin(Method::POST, "/posters", &organizer, None).await.expect(StatusCode::CREATED);
    assert_eq!(decode_qr(&download(&app, general["url"].as_str().unwrap()).await), general["link"].as_str().unwrap());
    assert!(general["link"].as_str().unwrap().ends_with("/?contest=test-contest"));
    let unit = app
        .admin(Method::POST, "/posters", &organizer, Some(json!({"organization_id": "phuong-1"})))
        .await
        .expect(StatusCode::CREATED);
    let link = decode_qr(&download(&app, unit["url"].as_str().unwrap()).await);
    assert!(link.ends_with("/?contest=test-contest&don-vi=phuong-1"), "{link}");
    app.admin(Method::POST, "/posters", &organizer, Some(json!({"organization_id": "khong-co"})))
        .await
        .expect_error(StatusCode::NOT_FOUND, "ORGANIZATION_NOT_FOUND");
}
