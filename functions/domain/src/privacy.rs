//! Personal data as Nghị định 13/2023/NĐ-CP requires: the notice a
//! participant reads and consents to (generated from the contest's settings
//! unless the committee writes its own), its version, and when the data is
//! erased.

use chrono::{DateTime, Duration, Utc};
use sha2::Digest;

use crate::contest::Contest;
use crate::time::format_vietnam_date;

/// Days after the last round closes until personal data is erased, unless
/// the contest says otherwise. The exports bucket's lifecycle rule uses the
/// same number (infra/template.yaml, checked by `make infra-check`).
pub const DEFAULT_RETENTION_DAYS: u32 = 365;

/// What an erased participant is called wherever their name was.
pub const WITHDRAWN_NAME: &str = "Người dự thi đã rút khỏi cuộc thi";

impl Contest {
    /// When the last (non-practice) round closes.
    pub fn last_close(&self) -> Option<DateTime<Utc>> {
        self.rounds.iter().filter(|r| !r.practice).map(|r| r.closes_at.to_utc()).max()
    }

    /// When personal data is erased: the retention period after the last
    /// round closes.
    pub fn personal_data_erased_at(&self) -> Option<DateTime<Utc>> {
        self.last_close().map(|close| close + Duration::days(i64::from(self.personal_data_retention_days)))
    }

    /// The notice participants read before consenting: the committee's own
    /// text, or one generated from the settings.
    pub fn privacy_notice_text(&self) -> String {
        match &self.privacy_notice {
            Some(text) if !text.trim().is_empty() => text.trim().to_owned(),
            _ => self.generated_privacy_notice(),
        }
    }

    /// A short fingerprint of the notice: consent is given to one text, and
    /// a new text needs a new consent.
    pub fn privacy_notice_version(&self) -> String {
        let digest = sha2::Sha256::digest(self.privacy_notice_text().as_bytes());
        digest.iter().take(6).map(|byte| format!("{byte:02x}")).collect()
    }

    fn generated_privacy_notice(&self) -> String {
        let controller = if self.data_controller.trim().is_empty() {
            "Ban Tổ chức cuộc thi".to_owned()
        } else {
            self.data_controller.trim().to_owned()
        };
        let erased = match self.personal_data_erased_at() {
            Some(at) => format!(
                "{} ngày sau khi tuần thi cuối cùng kết thúc, tức ngày {}",
                self.personal_data_retention_days,
                format_vietnam_date(at)
            ),
            None => format!("{} ngày sau khi tuần thi cuối cùng kết thúc", self.personal_data_retention_days),
        };
        let contact = match (self.contact.hotline.trim(), self.contact.email.trim()) {
            ("", "") => String::new(),
            (phone, "") => format!(" (điện thoại {phone})"),
            ("", email) => format!(" (e-mail {email})"),
            (phone, email) => format!(" (điện thoại {phone}, e-mail {email})"),
        };
        format!(
            "THÔNG BÁO VỀ XỬ LÝ DỮ LIỆU CÁ NHÂN\n\
             (theo Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ về bảo vệ dữ liệu cá nhân)\n\n\
             1. Bên kiểm soát và xử lý dữ liệu: {controller}{contact}.\n\n\
             2. Mục đích xử lý: tổ chức cuộc thi «{title}»; chấm điểm và xếp hạng; xét, công bố và trao giải; \
             thống kê, báo cáo kết quả với cơ quan cấp trên. Dữ liệu không được dùng cho mục đích khác và \
             không được chuyển cho tổ chức, cá nhân khác.\n\n\
             3. Dữ liệu được xử lý: họ và tên, số điện thoại, đơn vị công tác hoặc nơi cư trú, năm sinh và \
             địa chỉ e-mail (nếu có khai), các câu trả lời, điểm số và thời gian làm bài, giải thưởng.\n\n\
             4. Ai được xem: bảng xếp hạng và danh sách đạt giải công khai chỉ hiện họ tên và đơn vị. \
             Số điện thoại, năm sinh và e-mail chỉ thành viên Ban Tổ chức được phân công xem khi cần \
             (tìm kiếm, hỗ trợ, liên hệ trao giải); mỗi lần xem đều được ghi nhật ký.\n\n\
             5. Thời gian lưu trữ: dữ liệu cá nhân được xóa {erased}. Các bài thi được giữ lại ở dạng \
             ẩn danh để số liệu thống kê vẫn đúng. Danh sách đạt giải đã công bố là văn bản công khai \
             nên được giữ nguyên.\n\n\
             6. Quyền của người dự thi: được biết về việc xử lý dữ liệu; xem và tải toàn bộ dữ liệu của mình \
             (mục «Tải dữ liệu của tôi» ở Trang của tôi); yêu cầu chỉnh sửa (liên hệ Ban Tổ chức); \
             rút lại sự đồng ý và yêu cầu xóa dữ liệu (mục «Rút khỏi cuộc thi và xóa dữ liệu» ở Trang \
             của tôi, hoặc liên hệ Ban Tổ chức). Khi rút lại sự đồng ý, người dự thi không còn được \
             xếp hạng và xét giải.\n\n\
             7. Đồng ý: bằng việc đánh dấu ô đồng ý khi đăng ký, người dự thi đồng ý để {controller} xử lý \
             các dữ liệu nêu trên cho các mục đích nêu trên.",
            title = self.title,
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::contest::tests::sample_definition;

    #[test]
    fn the_generated_notice_names_the_controller_purposes_data_retention_and_rights() {
        let mut contest = sample_definition(3).contest;
        contest.data_controller = "UBND thị xã Quảng Trị".into();
        contest.personal_data_retention_days = 90;
        let notice = contest.privacy_notice_text();
        for needle in [
            "UBND thị xã Quảng Trị",
            "Nghị định số 13/2023/NĐ-CP",
            "xếp hạng",
            "số điện thoại",
            "90 ngày",
            "Tải dữ liệu của tôi",
            "rút lại sự đồng ý",
        ] {
            assert!(notice.contains(needle), "{needle} missing from:\n{notice}");
        }
        let erased = contest.personal_data_erased_at().unwrap();
        assert_eq!(erased, contest.last_close().unwrap() + chrono::Duration::days(90));
    }

    #[test]
    fn the_version_changes_with_the_text_and_only_then() {
        let mut contest = sample_definition(3).contest;
        let first = contest.privacy_notice_version();
        assert_eq!(first.len(), 12);
        assert_eq!(contest.privacy_notice_version(), first);
        contest.privacy_notice = Some("Văn bản riêng của Ban Tổ chức.".into());
        assert_ne!(contest.privacy_notice_version(), first);
        assert_eq!(contest.privacy_notice_text(), "Văn bản riêng của Ban Tổ chức.");
        contest.privacy_notice = Some("   ".into());
        assert_eq!(contest.privacy_notice_version(), first, "a blank text falls back to the generated one");
    }
}
