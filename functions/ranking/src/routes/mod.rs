pub mod health;
pub mod leaderboard;
pub mod organizations;
