// Cấu hình trang dự thi. Sửa tệp này khi triển khai, không cần biên dịch lại.
// apiBase: '' nghĩa là API ở cùng địa chỉ với trang (ví dụ http://127.0.0.1:8080/api).
// defaultContest: mã cuộc thi dùng khi địa chỉ trang không có ?contest=...
export default { apiBase: '', defaultContest: 'cchc-2022' };
