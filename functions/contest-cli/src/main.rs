//! `contest`: prepares the store and loads contest files, with the same
//! storage code the functions use, against moto or AWS alike.

use anyhow::Context;
use clap::{Parser, Subcommand};
use contest_domain::contest::ContestDefinition;
use contest_store::organizers::OrganizerSettings;
use contest_store::{Store, StoreConfig};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "contest", about = "Quản lý cuộc thi trắc nghiệm: tạo bảng dữ liệu, nạp đề thi.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the DynamoDB table and the exports bucket if they are missing.
    Init,
    /// Validate a contest file without writing anything.
    Check { file: PathBuf },
    /// Load a contest file into the store (idempotent: loading twice changes nothing).
    Load {
        file: PathBuf,
        /// Move the rounds by whole weeks so the first one is open now (for demos).
        #[arg(long)]
        shift_rounds_to_now: bool,
    },
    /// Write the two Ed25519 key pairs for tokens (participant/, organizer/),
    /// unless they are already there.
    Keygen {
        #[arg(long)]
        dir: PathBuf,
    },
    /// The contest's public facts for the link-preview tags, as JSON on
    /// standard output: id, title, description (shortened to a preview's
    /// length), url and image (absolute, from --site-url). From a contest
    /// file, or from the store (`--contest ID`, what `make deploy` uses).
    PublicInfo {
        #[arg(long, conflicts_with = "contest", required_unless_present = "contest")]
        file: Option<PathBuf>,
        #[arg(long)]
        contest: Option<String>,
        /// The site's public address, e.g. https://cuocthi.example.gov.vn
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        site_url: String,
    },
    /// Draw the 1200×630 link-preview PNG from a contest title (--title, or
    /// the `title` of the JSON `public-info` printed, --meta).
    OgImage {
        #[arg(long, conflicts_with = "meta", required_unless_present = "meta")]
        title: Option<String>,
        #[arg(long)]
        meta: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Organizer accounts.
    Organizer {
        #[command(subcommand)]
        command: OrganizerCommand,
    },
}

#[derive(Subcommand)]
enum OrganizerCommand {
    /// Create an organizer, or set a new password (and role and contests);
    /// the password is read from standard input (first line), never from the
    /// command line. Every token issued to the account before is revoked.
    Add {
        #[arg(long)]
        username: String,
        /// admin: everything; viewer: read only (statistics, winners, exports, audit).
        #[arg(long, value_parser = ["admin", "viewer"], default_value = "admin")]
        role: String,
        /// Limit the account to this contest (repeat for several); every contest when absent.
        #[arg(long = "contest")]
        contests: Vec<String>,
    },
    /// Disable an organizer: log-ins are refused and every token is revoked.
    /// `organizer add` with a new password enables the account again.
    Disable {
        #[arg(long)]
        username: String,
    },
}

const USERNAME_RULE: &str = "Tên đăng nhập phải có 3–32 ký tự: chữ thường không dấu, số, '.', '_' hoặc '-'.";

/// A private key readable by its owner only.
fn write_private(path: &std::path::Path, pem: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(pem.as_bytes())
}

fn read_definition(file: &PathBuf) -> anyhow::Result<Result<ContestDefinition, Vec<String>>> {
    let text = std::fs::read_to_string(file).with_context(|| format!("không đọc được tệp {}", file.display()))?;
    Ok(ContestDefinition::from_json(&text))
}

fn report_problems(file: &PathBuf, problems: &[String]) {
    eprintln!("Tệp {} có {} lỗi, chưa ghi gì vào hệ thống:", file.display(), problems.len());
    for problem in problems {
        eprintln!("  - {problem}");
    }
}

/// A description short enough for a preview (search engines and chat apps
/// show about 160 characters): whole words, «…» when cut.
fn preview_description(text: &str) -> String {
    const MAX: usize = 200;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= MAX {
        return text;
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > MAX - 1 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    format!("{}…", out.trim_end_matches([',', ';', ':', '.', '–', ' ']))
}

const OG_KICKER: &str = "CUỘC THI TRẮC NGHIỆM TRỰC TUYẾN";

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::PublicInfo { file, contest, site_url } => {
            let (id, title, description) = match (file, contest) {
                (Some(file), _) => match read_definition(&file)? {
                    Ok(definition) => {
                        let c = definition.contest;
                        (c.id.to_string(), c.title, c.description)
                    }
                    Err(problems) => {
                        report_problems(&file, &problems);
                        return Ok(ExitCode::from(2));
                    }
                },
                (None, Some(cid)) => {
                    let cid = contest_domain::ContestId::parse(cid.clone())
                        .map_err(|_| anyhow::anyhow!("mã cuộc thi không hợp lệ: {cid}"))?;
                    let store = Store::from_env(StoreConfig::from_env()).await;
                    let c = store
                        .get_contest(&cid)
                        .await?
                        .with_context(|| format!("không có cuộc thi {cid} trong bảng {}", store.table_name()))?;
                    (c.id.to_string(), c.title, c.description)
                }
                (None, None) => unreachable!("clap requires one"),
            };
            let site = site_url.trim_end_matches('/');
            let info = serde_json::json!({
                "id": id,
                "title": title,
                "description": preview_description(&description),
                "url": format!("{site}/"),
                "image": format!("{site}/og-image.png"),
                "image_alt": format!("{OG_KICKER}: {title}"),
            });
            println!("{}", serde_json::to_string_pretty(&info)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::OgImage { title, meta, out } => {
            let (title, footer) = match (title, meta) {
                (Some(title), _) => (title, String::new()),
                (None, Some(meta)) => {
                    let text =
                        std::fs::read_to_string(&meta).with_context(|| format!("không đọc được {}", meta.display()))?;
                    let value: serde_json::Value = serde_json::from_str(&text)?;
                    let title = value["title"].as_str().context("tệp không có trường title")?.to_owned();
                    // The site's address without its scheme, e.g. cuocthi.quangtri.gov.vn
                    let url = value["url"].as_str().unwrap_or_default();
                    let host = url.split("://").nth(1).unwrap_or(url).trim_end_matches('/').to_owned();
                    (title, host)
                }
                (None, None) => unreachable!("clap requires one"),
            };
            let png = contest_documents::render_og_image(OG_KICKER, &title, &footer)?;
            std::fs::write(&out, png).with_context(|| format!("không ghi được {}", out.display()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Keygen { dir } => {
            std::fs::create_dir_all(&dir)?;
            let mut created = Vec::new();
            // The registration challenge's HMAC key, beside the token keys.
            let challenge_path = dir.join("challenge-hmac.key");
            if !challenge_path.exists() {
                let mut secret = [0u8; 32];
                rand::fill(&mut secret);
                write_private(&challenge_path, &secret.iter().map(|b| format!("{b:02x}")).collect::<String>())?;
                created.push("challenge");
            }
            for role in ["participant", "organizer"] {
                let role_dir = dir.join(role);
                let (private_path, public_path) = (role_dir.join("private.pem"), role_dir.join("public.pem"));
                if private_path.exists() && public_path.exists() {
                    continue;
                }
                std::fs::create_dir_all(&role_dir)?;
                let (private, public) = contest_usecases::tokens::generate_keypair_pem();
                write_private(&private_path, &private)?;
                std::fs::write(&public_path, public)?;
                created.push(role);
            }
            if created.is_empty() {
                println!("Khóa đã có sẵn trong {}", dir.display());
            } else {
                println!("Đã tạo cặp khóa Ed25519 ({}) trong {}", created.join(", "), dir.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Organizer { command: OrganizerCommand::Add { username, role, contests } } => {
            if !contest_domain::ids::is_valid_username(&username) {
                eprintln!("{USERNAME_RULE}");
                return Ok(ExitCode::from(2));
            }
            for cid in &contests {
                if contest_domain::ContestId::parse(cid.as_str()).is_err() {
                    eprintln!("Mã cuộc thi «{cid}» không hợp lệ.");
                    return Ok(ExitCode::from(2));
                }
            }
            let mut password = String::new();
            std::io::stdin().read_line(&mut password).context("không đọc được mật khẩu từ đầu vào chuẩn")?;
            let password = password.trim_end_matches(['\r', '\n']);
            if let Err(err) = contest_domain::registration::Password::parse(password) {
                eprintln!("{}", err.message);
                return Ok(ExitCode::from(2));
            }
            let hash = contest_usecases::password::hash_blocking(password).map_err(|e| anyhow::anyhow!("{e}"))?;
            let store = Store::from_env(StoreConfig::from_env()).await;
            let scope = (!contests.is_empty()).then_some(contests.as_slice());
            let settings = OrganizerSettings { password_hash: &hash, role: &role, contests: scope };
            store.put_organizer(&username, settings, chrono::Utc::now()).await?;
            let what = if role == "viewer" { "chỉ xem" } else { "quản trị" };
            let scope = if contests.is_empty() { "mọi cuộc thi".to_owned() } else { contests.join(", ") };
            println!("Đã lưu tài khoản Ban Tổ chức «{username}» (quyền {what}; {scope}). Các phiên đăng nhập trước đã bị thu hồi.");
            Ok(ExitCode::SUCCESS)
        }
        Command::Organizer { command: OrganizerCommand::Disable { username } } => {
            if !contest_domain::ids::is_valid_username(&username) {
                eprintln!("{USERNAME_RULE}");
                return Ok(ExitCode::from(2));
            }
            let store = Store::from_env(StoreConfig::from_env()).await;
            if store.disable_organizer(&username, chrono::Utc::now()).await? {
                println!("Đã khóa tài khoản Ban Tổ chức «{username}»; mọi phiên đăng nhập đã bị thu hồi.");
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("Không có tài khoản Ban Tổ chức «{username}».");
                Ok(ExitCode::from(2))
            }
        }
        Command::Check { file } => match read_definition(&file)? {
            Ok(definition) => {
                println!(
                    "Tệp hợp lệ: «{}», {} tuần thi, {} đơn vị, {} câu hỏi.",
                    definition.contest.title,
                    definition.contest.rounds.len(),
                    definition.contest.organizations.len(),
                    definition.questions.len()
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(problems) => {
                report_problems(&file, &problems);
                Ok(ExitCode::from(2))
            }
        },
        Command::Init => {
            let store = Store::from_env(StoreConfig::from_env()).await;
            let created_table = store.create_table_if_missing().await?;
            let created_bucket = store.create_bucket_if_missing().await?;
            println!(
                "Bảng {}: {}; kho xuất kết quả: {}",
                store.table_name(),
                if created_table { "đã tạo" } else { "đã có" },
                if created_bucket { "đã tạo" } else { "đã có" }
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Load { file, shift_rounds_to_now } => {
            let mut definition = match read_definition(&file)? {
                Ok(definition) => definition,
                Err(problems) => {
                    report_problems(&file, &problems);
                    return Ok(ExitCode::from(2));
                }
            };
            if shift_rounds_to_now {
                definition.contest.shift_rounds_so_first_is_open(chrono::Utc::now());
            }
            let store = Store::from_env(StoreConfig::from_env()).await;
            let report = store.save_definition(&definition).await?;
            println!(
                "Đã nạp «{}» ({}): {} tuần thi, {} đơn vị, {} câu hỏi.",
                definition.contest.title,
                definition.contest.id,
                definition.contest.rounds.len(),
                definition.contest.organizations.len(),
                definition.questions.len()
            );
            if report.changed_anything() {
                println!(
                    "Thay đổi: thông tin cuộc thi {}, {} câu hỏi ghi mới/sửa, {} câu hỏi xóa, {} số điện thoại bị loại thêm, {} bỏ loại, {} đơn vị mới.",
                    if report.contest_written { "cập nhật" } else { "giữ nguyên" },
                    report.questions_written,
                    report.questions_removed,
                    report.exclusions_added,
                    report.exclusions_removed,
                    report.organizations_added
                );
            } else {
                println!("Không có gì thay đổi: dữ liệu đã khớp với tệp.");
            }
            for round in &definition.contest.rounds {
                println!("  {} ({}): {} → {}", round.name, round.id, round.opens_at, round.closes_at);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(code) => code,
        Err(err) => {
            eprintln!("Lỗi: {err:#}");
            if err.chain().any(|e| e.to_string().contains("Unavailable") || e.to_string().contains("dispatch")) {
                eprintln!("Không kết nối được kho dữ liệu: kiểm tra AWS_ENDPOINT_URL / AWS_REGION / TABLE_NAME.");
            }
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::preview_description;

    #[test]
    fn previews_keep_short_descriptions_and_cut_long_ones_at_a_word() {
        assert_eq!(preview_description("  Một   cuộc thi.\n"), "Một cuộc thi.");
        let long = "Tìm hiểu cải cách hành chính, ".repeat(20);
        let cut = preview_description(&long);
        assert!(cut.chars().count() <= 200, "{cut}");
        let kept = cut.strip_suffix('…').expect("cut with …");
        assert!(long.starts_with(kept) && !kept.ends_with([',', ' ']), "{cut}");
        assert!(long[kept.len()..].starts_with([' ', ',']), "cut at a word: {cut}");
    }
}
