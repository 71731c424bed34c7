/**
 * `/quan-tri`: the admin's start page, listing the admin pages. The header has one 'Quản trị' entry leading
 * here rather than a link per page, so it stays short on a phone as admin pages are added.
 */
import { expiryWarnings } from '../../app/admin/warnings';
import type { PageModule } from '../app';
import { renderPage } from '../page';
import { requireOfficer } from '../session';

export const ADMIN_SECTIONS = [
  {
    href: '/quan-tri/thu-tuc',
    title: 'Thủ tục và phiên bản',
    text: 'Thời hạn từng bước, nhắc hạn, chuyển xử lý khi quá hạn; công bố phiên bản mới.',
  },
  {
    href: '/quan-tri/lich-lam-viec',
    title: 'Lịch làm việc',
    text: 'Ngày lễ, Tết, ngày nghỉ bù, hoán đổi và ngày nghỉ riêng của tỉnh theo từng năm.',
  },
  {
    href: '/quan-tri/muc-chuan',
    title: 'Mức chuẩn trợ giúp xã hội',
    text: 'Mức chuẩn theo ngày áp dụng.',
  },
  {
    href: '/quan-tri/de-xuat',
    title: 'Đề xuất theo văn bản mới',
    text: 'Mức chuẩn, ngày nghỉ lễ, phiên bản thủ tục chờ xác nhận, kèm nguồn và độ tin cậy; truy lĩnh khi mức chuẩn đổi.',
  },
  {
    href: '/quan-tri/chi-tieu-ke-hoach',
    title: 'Số liệu báo cáo kế hoạch',
    text: 'Số người có hoàn cảnh đặc biệt khó khăn và số được cung cấp dịch vụ toàn diện, theo đơn vị và năm.',
  },
  { href: '/quan-tri/don-vi', title: 'Đơn vị hành chính', text: 'Tỉnh, huyện, xã; thêm đơn vị mới.' },
  {
    href: '/quan-tri/nguoi-dung',
    title: 'Người dùng và vai trò',
    text: 'Tạo tài khoản, đặt lại mật khẩu, khóa tài khoản.',
  },
  {
    href: '/quan-tri/mau-van-ban',
    title: 'Mẫu văn bản',
    text: 'Mẫu quyết định, giấy tờ của tỉnh; xem trước trước khi lưu.',
  },
  {
    href: '/quan-tri/hop-thu',
    title: 'Hộp thư đi',
    text: 'Tin nhắn SMS, e-mail gửi người dân và cán bộ; tin gửi không được.',
  },
  {
    href: '/quan-tri/su-co',
    title: 'Hồ sơ gặp sự cố',
    text: 'Hồ sơ dừng vì lỗi hệ thống không tự khắc phục được; yêu cầu xử lý lại.',
  },
  {
    href: '/quan-tri/nhat-ky',
    title: 'Nhật ký hệ thống',
    text: 'Ai đã thay đổi gì, ai đã xem thông tin được bảo vệ, lúc nào, từ đâu.',
  },
] as const;

export const adminIndexPage: PageModule = (router, { views, deps }) => {
  router.get('/quan-tri', requireOfficer(['admin']), async (_req, res) => {
    const { warnings } = await expiryWarnings(deps);
    renderPage(views, res, 'admin/index', {
      title: 'Quản trị',
      sections: ADMIN_SECTIONS,
      expiryWarnings: warnings,
    });
  });
};
