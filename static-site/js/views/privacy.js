// «Thông báo về xử lý dữ liệu cá nhân» in full (Nghị định 13/2023): the
// notice participants consent to when they register, who to contact, when
// the data is erased, and, for someone logged in, where to download or
// erase their own data.

import { getSession } from '../api.js';
import { h, replace } from '../../shared/dom.js';
import { formatLongDateTime, parseTime } from '../../shared/vietnam-time.js';
import { serverNow } from '../clock.js';
import { contactLine, heading, PRIVACY_NOTICE_TITLE, privacyNoticeBlocks } from '../ui.js';

export async function renderPrivacy(ctx) {
  const { contest } = ctx;
  const session = getSession();
  const erasedAt = parseTime(contest.personal_data_erased_at);
  const contact = contactLine(contest.contact);
  const controller = String(contest.data_controller || '').trim();

  replace(
    ctx.app,
    ctx.takeFlash(),
    heading(PRIVACY_NOTICE_TITLE),
    h('p', { class: 'muted', text: `Cuộc thi «${contest.title}»` }),
    h('div', { class: 'card privacy-notice' }, privacyNoticeBlocks(contest.privacy_notice)),
    h(
      'dl',
      { class: 'privacy-facts' },
      controller ? h('div', null, h('dt', { text: 'Bên kiểm soát dữ liệu' }), h('dd', { text: controller })) : null,
      erasedAt !== null
        ? h('div', null, h('dt', { text: erasedAt <= serverNow() ? 'Dữ liệu cá nhân đã được xóa từ' : 'Dữ liệu cá nhân được xóa vào' }), h('dd', { text: formatLongDateTime(erasedAt) }))
        : null,
      h('div', null, h('dt', { text: 'Phiên bản thông báo' }), h('dd', { class: 'version', text: contest.privacy_notice_version || '—' })),
    ),
    h(
      'section',
      { 'aria-labelledby': 'my-data-rights' },
      h('h2', { id: 'my-data-rights', text: 'Xem, tải và xóa dữ liệu của bạn' }),
      session
        ? h(
            'p',
            null,
            'Tại ',
            h('a', { href: '#/cua-toi', text: 'Trang dự thi của tôi' }),
            ', mục «Dữ liệu cá nhân của bạn»: bấm «Tải dữ liệu của tôi» để tải toàn bộ dữ liệu của bạn, hoặc «Rút khỏi cuộc thi và xóa dữ liệu».',
          )
        : h(
            'p',
            null,
            h('a', { href: '#/dang-nhap', text: 'Đăng nhập' }),
            ', rồi vào Trang dự thi của tôi, mục «Dữ liệu cá nhân của bạn»: tại đó bạn tải được toàn bộ dữ liệu của mình, hoặc rút khỏi cuộc thi và xóa dữ liệu.',
          ),
      contact ? h('p', null, 'Yêu cầu chỉnh sửa dữ liệu hoặc cần hỗ trợ, liên hệ Ban Tổ chức: ', contact) : h('p', { text: 'Yêu cầu chỉnh sửa dữ liệu hoặc cần hỗ trợ: liên hệ Ban Tổ chức cuộc thi.' }),
    ),
  );
}
