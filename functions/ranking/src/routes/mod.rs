pub mod health;
pub mod leaderboard;
pub mod organizations;
pub mod winners;
