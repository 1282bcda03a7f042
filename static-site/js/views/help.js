// «Hướng dẫn»: how to register, take an attempt, what happens when the
// connection drops, how prizes are decided, the practice round and common
// questions. The figures (time limit, questions, attempts, tie-breaks, dates)
// come from the contest's own settings, so the page never contradicts the
// rules; what the settings do not say (prize amounts) is quoted from the
// committee's rules.

import { h } from '../../shared/dom.js';
import { describeSeconds, tieBreakSentence } from '../../shared/format.js';
import { formatLongDateTime, parseTime } from '../../shared/vietnam-time.js';
import { contactLine, heading, isPractice, realRounds } from '../ui.js';

/** The rules' lines about prizes («Giải cá nhân: …», «Giải tập thể: …»), as the committee wrote them. */
function prizeLines(rules) {
  return String(rules || '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(\d+\.\s*)?(giải|giải thưởng|cơ cấu giải)[^:]{0,60}:/i.test(line));
}

function section(id, title, ...children) {
  return h('section', { class: 'help-section', 'aria-labelledby': id }, h('h2', { id, text: title }), ...children);
}

function faq(question, ...answer) {
  return h('details', { class: 'faq-item' }, h('summary', { text: question }), h('div', { class: 'faq-answer' }, ...answer));
}

/** The committee's hotline and e-mail, or a sentence saying where to look. */
export function contactBlock(contest, prefix = 'Liên hệ Ban Tổ chức: ') {
  const line = contactLine(contest && contest.contact, prefix);
  return line ? h('p', { class: 'contact-line' }, line) : null;
}

export function renderHelp(ctx) {
  const { contest, app } = ctx;
  const rounds = realRounds(contest.rounds);
  const practice = (contest.rounds || []).filter(isPractice);
  const limit = describeSeconds(contest.time_limit_seconds);
  const perAttempt = contest.questions_per_attempt;
  const attempts = contest.max_attempts_per_round;
  const ties = tieBreakSentence(contest.tie_breaks);
  const usesPrediction = Boolean(contest.prediction_question) && (contest.tie_breaks || []).indexOf('prediction_distance') >= 0;
  const prizes = prizeLines(contest.rules);
  const contact = contactBlock(contest);

  const schedule = rounds.length
    ? h('ul', { class: 'help-list' }, rounds.map((round) => h('li', null, h('strong', { text: `${round.name}: ` }), `từ ${formatLongDateTime(parseTime(round.opens_at))} đến ${formatLongDateTime(parseTime(round.closes_at))}.`)))
    : null;

  const content = [
    heading('Hướng dẫn dự thi'),
    h('p', { class: 'lead', text: `Hướng dẫn tham gia «${contest.title}» trên điện thoại hoặc máy tính có kết nối Internet.` }),
    contact
      ? h('section', { class: 'card help-contact', 'aria-labelledby': 'huong-dan-lien-he' }, h('h2', { id: 'huong-dan-lien-he', text: 'Cần hỗ trợ?' }), contact)
      : null,
    h('nav', { class: 'help-toc', 'aria-label': 'Mục lục hướng dẫn' }, h('ol', null,
      [['huong-dan-dang-ky', 'Đăng ký tài khoản'], ['huong-dan-lam-bai', 'Làm bài thi'], ['huong-dan-mat-ket-noi', 'Khi mất kết nối'], ['huong-dan-xet-giai', 'Cách xét giải'], ['huong-dan-thi-thu', 'Thi thử'], ['huong-dan-hoi-dap', 'Câu hỏi thường gặp']]
        .filter(([id]) => id !== 'huong-dan-thi-thu' || practice.length)
        .map(([id, text]) => h('li', null, h('a', { href: `#/huong-dan`, 'data-target': id, text }))))),
    section('huong-dan-dang-ky', '1. Đăng ký tài khoản',
      h('ol', { class: 'help-steps' },
        h('li', null, 'Bấm ', h('a', { href: '#/dang-ky', text: 'Đăng ký dự thi' }), '.'),
        h('li', { text: 'Nhập họ và tên (có dấu), số điện thoại, chọn cơ quan, đơn vị nơi bạn công tác (hoặc nhóm Doanh nghiệp, Nhân dân) và đặt mật khẩu ít nhất 8 ký tự.' }),
        h('li', { text: 'Đọc Thông báo về xử lý dữ liệu cá nhân, đánh dấu đồng ý rồi bấm «Đăng ký».' }),
        h('li', null, 'Lần sau, bấm ', h('a', { href: '#/dang-nhap', text: 'Đăng nhập' }), ' và nhập số điện thoại, mật khẩu đã đăng ký.'),
      ),
      h('p', { text: 'Mỗi người chỉ đăng ký một tài khoản, bằng số điện thoại của mình.' })),
    section('huong-dan-lam-bai', '2. Làm bài thi',
      h('ul', { class: 'help-list' },
        h('li', null, 'Mỗi lượt thi có ', h('strong', { text: `${perAttempt} câu hỏi` }), ' trắc nghiệm, mỗi câu chọn một phương án.'),
        h('li', null, 'Thời gian làm bài mỗi lượt: ', h('strong', { text: limit }), '. Đồng hồ đếm ngược tính từ lúc bấm «Bắt đầu làm bài»; hết giờ, hệ thống tự động nộp bài.'),
        h('li', null, 'Mỗi tuần thi được thi tối đa ', h('strong', { text: `${attempts} lượt` }), '; kết quả cao nhất trong tuần được dùng để xếp hạng.'),
        usesPrediction ? h('li', null, 'Cuối bài có câu hỏi dự đoán: ', h('em', { text: contest.prediction_question }), ' Hãy nhập một số trước khi nộp bài.') : null,
        h('li', { text: 'Dùng «Câu trước», «Câu tiếp» hoặc bảng số câu để chuyển câu; có thể đổi câu trả lời bất cứ lúc nào trước khi nộp.' }),
        h('li', { text: 'Bấm «Nộp bài» và xác nhận. Điểm và thời gian làm bài hiện ngay sau khi nộp.' }),
      ),
      schedule ? h('p', { text: 'Lịch các tuần thi (giờ Việt Nam):' }) : null,
      schedule),
    section('huong-dan-mat-ket-noi', '3. Khi mất kết nối hoặc tải lại trang',
      h('p', { text: 'Mỗi câu trả lời được lưu ngay trên máy của bạn rồi gửi lên máy chủ theo từng đợt. Dòng trạng thái phía trên câu hỏi cho biết câu trả lời đã gửi lên máy chủ hay đang được giữ trên máy.' }),
      h('p', { text: 'Nếu mất sóng, cứ tiếp tục làm bài: câu trả lời được giữ trên máy và tự gửi khi có mạng trở lại. Nếu lỡ đóng trình duyệt hoặc tải lại trang, hãy mở lại trang và đăng nhập: bài thi mở lại đúng câu bạn đang làm, với các câu trả lời đã chọn.' }),
      h('p', { text: 'Lưu ý: đồng hồ vẫn chạy trong lúc mất kết nối. Hết giờ, bài được chấm với những câu trả lời máy chủ đã nhận.' })),
    section('huong-dan-xet-giai', '4. Cách xét giải',
      h('p', { text: `Sau khi mỗi tuần thi kết thúc, người dự thi được xếp theo số câu trả lời đúng (từ cao xuống thấp), tính lượt thi tốt nhất trong tuần.${ties ? ` ${ties}` : ''}` }),
      usesPrediction ? h('p', { text: 'Câu hỏi dự đoán chỉ dùng để phân định thứ hạng khi bằng điểm; dự đoán càng gần với số thực tế càng được xếp trên.' }) : null,
      prizes.length ? h('p', { text: 'Cơ cấu giải thưởng theo Thể lệ:' }) : null,
      prizes.length ? h('ul', { class: 'help-list' }, prizes.map((line) => h('li', { text: line.replace(/^\d+\.\s*/, '') }))) : h('p', { text: 'Cơ cấu giải thưởng được nêu trong Thể lệ của Ban Tổ chức.' }),
      h('p', null, 'Danh sách đạt giải do Ban Tổ chức công bố trên trang ', h('a', { href: '#/xep-hang', text: 'Xếp hạng' }), ', kèm mã kiểm tra tệp kết quả. Người đạt giải tải giấy chứng nhận tại «Trang của tôi»; ai cũng kiểm tra được một giấy chứng nhận bằng mã QR in trên đó.')),
    practice.length
      ? section('huong-dan-thi-thu', '5. Thi thử',
          h('p', { text: 'Trước khi thi thật, bạn có thể làm thử để quen cách làm bài: số câu và thời gian như thi thật, không giới hạn số lượt, không tính vào xếp hạng và giải thưởng.' }),
          h('p', null, h('a', { class: 'button button-secondary', href: '#/thi-thu', text: 'Vào làm thử' })))
      : null,
    section('huong-dan-hoi-dap', practice.length ? '6. Câu hỏi thường gặp' : '5. Câu hỏi thường gặp',
      faq('Tôi quên mật khẩu thì làm thế nào?', h('p', null, 'Bấm ', h('a', { href: '#/quen-mat-khau', text: 'Quên mật khẩu?' }), contest.password_reset_by_email ? ' để nhận mã qua e-mail đã khai khi đăng ký, hoặc liên hệ Ban Tổ chức để được cấp mã.' : ' và làm theo hướng dẫn; Ban Tổ chức cấp mã đặt lại mật khẩu qua điện thoại.')),
      faq('Đơn vị của tôi không có trong danh sách?', h('p', { text: 'Gõ vài chữ của tên đơn vị vào ô «Tìm nhanh đơn vị» (không cần dấu). Nếu vẫn không thấy, hãy liên hệ Ban Tổ chức.' })),
      faq('Tôi có thể thi trên điện thoại không?', h('p', { text: 'Có. Trang thi dùng được trên điện thoại, máy tính bảng và máy tính, kể cả máy đời cũ; chỉ cần trình duyệt web và kết nối Internet.' })),
      faq('Đang làm bài thì hết pin hoặc mất mạng?', h('p', { text: 'Câu trả lời đã chọn được giữ trên máy. Mở lại trang, đăng nhập và bấm «Tiếp tục làm bài» nếu còn thời gian. Đồng hồ không dừng trong lúc gián đoạn.' })),
      faq('Vì sao kết quả của tôi chưa có trên bảng xếp hạng?', h('p', { text: 'Kết quả làm bài quá nhanh so với mức hợp lý được Ban Tổ chức xem xét trước khi tính vào xếp hạng. Trang của tôi cho biết khi kết quả đang được xem xét.' })),
      faq('Làm sao kiểm tra một giấy chứng nhận?', h('p', null, 'Quét mã QR trên giấy chứng nhận, hoặc mở trang ', h('a', { href: '#/xac-minh', text: 'Kiểm tra giấy chứng nhận' }), ' và nhập mã 16 ký tự in trên đó.')),
    ),
  ];
  app.textContent = '';
  content.forEach((node) => { if (node) app.appendChild(node); });
  // In-page links without touching the hash (the hash is the route).
  app.querySelectorAll('.help-toc a[data-target]').forEach((link) => {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      const target = document.getElementById(link.getAttribute('data-target'));
      if (target) {
        target.scrollIntoView();
        target.setAttribute('tabindex', '-1');
        target.focus({ preventScroll: true });
      }
    });
  });
}
