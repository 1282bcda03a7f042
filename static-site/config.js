// Cấu hình trang dự thi, đóng gói vào mã của trang khi dựng (scripts/build-site.sh);
// khi triển khai, scripts/deploy.sh ghi lại defaultContest (DEFAULT_CONTEST).
// apiBase: '' nghĩa là API ở cùng địa chỉ với trang (ví dụ http://127.0.0.1:8080/api).
// defaultContest: mã cuộc thi dùng khi địa chỉ trang không có ?contest=...
export default { apiBase: '', defaultContest: 'cchc-2022' };
