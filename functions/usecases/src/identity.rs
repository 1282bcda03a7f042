//! Who is calling, as established from a verified token by the HTTP layer.

use contest_domain::{ContestId, ParticipantId};

use crate::Error;

/// A participant, with the contest their token was issued for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub id: ParticipantId,
    pub contest_id: ContestId,
    /// The profile's token version when the token was issued; logging out
    /// raises the profile's, and the routes refuse older tokens in the
    /// conditions and reads they already make.
    pub token_version: u32,
}

impl Participant {
    /// A token is only good for the contest it was issued for.
    pub fn require_contest(&self, cid: &ContestId) -> Result<(), Error> {
        if &self.contest_id == cid {
            Ok(())
        } else {
            Err(Error::Unauthenticated)
        }
    }
}

/// What an organizer may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrganizerRole {
    /// Everything.
    Admin,
    /// Read only: settings, statistics, winners, exports, the audit log.
    Viewer,
}

impl OrganizerRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Viewer => "viewer",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "admin" => Some(Self::Admin),
            "viewer" => Some(Self::Viewer),
            _ => None,
        }
    }
}

/// Why an authenticated caller may not do what they asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// A participant's token on an organizer route.
    NotOrganizer,
    /// A viewer asked for a change.
    ReadOnly,
    /// The contest (or every contest) is outside the account's scope.
    OtherContest,
    /// The request did not come through the CDN (the API's own endpoint
    /// called directly).
    NotThroughCdn,
}

/// An organizer of the deployment, as their account stands now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organizer {
    pub username: String,
    pub role: OrganizerRole,
    /// The contests the account may see; `None` for every contest.
    pub contests: Option<Vec<ContestId>>,
}

impl Organizer {
    /// An admin of every contest (the CLI, tests).
    pub fn admin(username: impl Into<String>) -> Self {
        Self { username: username.into(), role: OrganizerRole::Admin, contests: None }
    }

    pub fn can_see(&self, cid: &ContestId) -> bool {
        self.contests.as_ref().is_none_or(|contests| contests.contains(cid))
    }

    /// Whether the request may go ahead: `write` for anything that changes
    /// data, `contest` the contest it is about (`None` for a request about
    /// every contest or a new one, which scoped accounts may only read).
    pub fn authorize(&self, write: bool, contest: Option<&ContestId>) -> Result<(), Error> {
        if write && self.role == OrganizerRole::Viewer {
            return Err(Error::Forbidden(Denied::ReadOnly));
        }
        match contest {
            Some(cid) if !self.can_see(cid) => Err(Error::Forbidden(Denied::OtherContest)),
            None if write && self.contests.is_some() => Err(Error::Forbidden(Denied::OtherContest)),
            _ => Ok(()),
        }
    }
}
