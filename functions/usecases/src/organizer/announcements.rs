//! Announcements (thông báo) from the committee: written and published on
//! the organizer page, shown on the landing page and at the top of a
//! participant's page.

use contest_domain::time::{format_vietnam, from_millis};
use contest_domain::ContestId;
use contest_store::announcements::Announcement;
use serde::{Deserialize, Serialize};

use crate::{App, Error, Organizer};

const MAX_TITLE: usize = 200;
const MAX_BODY: usize = 5_000;
/// Per contest; older ones can be deleted.
const MAX_ANNOUNCEMENTS: usize = 200;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AnnouncementView {
    pub id: String,
    pub title: String,
    /// Plain text; line breaks are kept.
    pub body: String,
    pub published: bool,
    /// Vietnam time.
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

impl From<Announcement> for AnnouncementView {
    fn from(a: Announcement) -> Self {
        Self {
            id: a.id,
            title: a.title,
            body: a.body,
            published: a.published,
            created_at: from_millis(a.created_at_ms).map(format_vietnam),
            updated_at: from_millis(a.updated_at_ms).map(format_vietnam),
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AnnouncementList {
    /// Newest first.
    pub announcements: Vec<AnnouncementView>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnouncementRequest {
    #[schema(pattern = "\\S", max_length = 200)]
    pub title: String,
    #[schema(pattern = "\\S", max_length = 5000)]
    pub body: String,
    /// Shown publicly (default true); false keeps it as a draft.
    #[serde(default = "published_by_default")]
    pub published: bool,
}

fn published_by_default() -> bool {
    true
}

fn checked(request: AnnouncementRequest) -> Result<(String, String, bool), Error> {
    let mut problems = Vec::new();
    let title = request.title.trim().to_owned();
    let body = request.body.trim().replace("\r\n", "\n");
    if title.is_empty() {
        problems.push(("title".to_owned(), "không được để trống".to_owned()));
    } else if title.chars().count() > MAX_TITLE {
        problems.push(("title".to_owned(), format!("tối đa {MAX_TITLE} ký tự")));
    }
    if title.chars().any(char::is_control) {
        problems.push(("title".to_owned(), "không được chứa ký tự điều khiển".to_owned()));
    }
    if body.is_empty() {
        problems.push(("body".to_owned(), "không được để trống".to_owned()));
    } else if body.chars().count() > MAX_BODY {
        problems.push(("body".to_owned(), format!("tối đa {MAX_BODY} ký tự")));
    }
    if body.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        problems.push(("body".to_owned(), "không được chứa ký tự điều khiển".to_owned()));
    }
    if problems.is_empty() {
        Ok((title, body, request.published))
    } else {
        Err(Error::InvalidAnnouncement(problems))
    }
}

/// The published announcements, newest first (the public page).
pub async fn published(app: &App, cid: &ContestId) -> Result<AnnouncementList, Error> {
    let contest = app.contest(cid).await?;
    let announcements = app
        .store
        .announcements(&contest.id)
        .await?
        .into_iter()
        .filter(|a| a.published)
        .map(AnnouncementView::from)
        .collect();
    Ok(AnnouncementList { announcements })
}

/// Every announcement, drafts included (the organizer page).
pub async fn list(app: &App, cid: &ContestId) -> Result<AnnouncementList, Error> {
    let contest = app.fresh_contest(cid).await?;
    let announcements = app.store.announcements(&contest.id).await?.into_iter().map(AnnouncementView::from).collect();
    Ok(AnnouncementList { announcements })
}

#[derive(Serialize)]
struct Snapshot<'a> {
    title: &'a str,
    body: &'a str,
    published: bool,
}

impl<'a> From<&'a Announcement> for Snapshot<'a> {
    fn from(a: &'a Announcement) -> Self {
        Self { title: &a.title, body: &a.body, published: a.published }
    }
}

#[derive(Serialize)]
struct Changed<'a> {
    announcement_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<Snapshot<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<Snapshot<'a>>,
}

pub async fn create(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    request: AnnouncementRequest,
) -> Result<AnnouncementView, Error> {
    let contest = app.fresh_contest(cid).await?;
    let (title, body, published) = checked(request)?;
    if app.store.announcements(&contest.id).await?.len() >= MAX_ANNOUNCEMENTS {
        return Err(Error::InvalidAnnouncement(vec![(
            "announcements".into(),
            format!("mỗi cuộc thi tối đa {MAX_ANNOUNCEMENTS} thông báo; hãy xóa bớt thông báo cũ"),
        )]));
    }
    let now = app.clock.now().timestamp_millis();
    let announcement = Announcement {
        id: uuid::Uuid::new_v4().simple().to_string()[..16].to_owned(),
        title,
        body,
        published,
        created_at_ms: now,
        updated_at_ms: now,
        author: who.username.clone(),
    };
    if !app.store.put_announcement(&contest.id, &announcement, true).await? {
        return Err(Error::internal("announcement id collision"));
    }
    let detail = Changed { announcement_id: &announcement.id, before: None, after: Some((&announcement).into()) };
    super::record(app, cid, who, "announcement.create", detail).await?;
    Ok(announcement.into())
}

/// Ids are 16 lowercase hex digits; anything else names no announcement
/// (and never reaches a key).
fn check_id(id: &str) -> Result<(), Error> {
    if id.len() == 16 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        Ok(())
    } else {
        Err(Error::AnnouncementNotFound)
    }
}

pub async fn update(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    id: &str,
    request: AnnouncementRequest,
) -> Result<AnnouncementView, Error> {
    check_id(id)?;
    let contest = app.fresh_contest(cid).await?;
    let before = app.store.announcement(&contest.id, id).await?.ok_or(Error::AnnouncementNotFound)?;
    let (title, body, published) = checked(request)?;
    let after =
        Announcement { title, body, published, updated_at_ms: app.clock.now().timestamp_millis(), ..before.clone() };
    if !app.store.put_announcement(&contest.id, &after, false).await? {
        return Err(Error::AnnouncementNotFound);
    }
    let detail = Changed { announcement_id: id, before: Some((&before).into()), after: Some((&after).into()) };
    super::record(app, cid, who, "announcement.update", detail).await?;
    Ok(after.into())
}

pub async fn delete(app: &App, who: &Organizer, cid: &ContestId, id: &str) -> Result<AnnouncementView, Error> {
    check_id(id)?;
    let contest = app.fresh_contest(cid).await?;
    let removed = app.store.delete_announcement(&contest.id, id).await?.ok_or(Error::AnnouncementNotFound)?;
    let detail = Changed { announcement_id: id, before: Some((&removed).into()), after: None };
    super::record(app, cid, who, "announcement.delete", detail).await?;
    Ok(removed.into())
}
