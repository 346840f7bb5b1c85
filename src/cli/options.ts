/** Help texts shared by several commands' flags. */
import { msg } from '../text/i18n.js';

export const PERIOD_DEFAULT_LATEST = msg('kỳ báo cáo YYYY-MM (mặc định: kỳ mới nhất đã nhập)', 'period YYYY-MM (default: the latest imported)');
