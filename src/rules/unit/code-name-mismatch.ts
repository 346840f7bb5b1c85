/** unit.code-name-mismatch: the ward code and the ward name denote different units in every code list. */
import { msg } from '../../text/i18n.js';
import { resolutionRule } from './common.js';

export const rule = resolutionRule({
  id: 'unit.code-name-mismatch',
  severity: 'error',
  title: msg('Mã và tên đơn vị không khớp', 'Ward code and name disagree'),
  status: 'code-name-mismatch',
  emission(r, u, s) {
    const list = u.candidates.map((c) => `${c.code} = ${c.name} (${c.vintage})`).join('; ');
    return {
      field: 'ward_code',
      value: r.ward_code,
      suggestion: s,
      message: msg(
        `Mã ${r.ward_code ?? ''} và tên "${r.ward ?? ''}" không cùng chỉ một đơn vị trong bất kỳ danh mục nào${list ? ` (${list})` : ''}. Sửa mã hoặc tên.`,
        `Code ${r.ward_code ?? ''} and name "${r.ward ?? ''}" denote different units in every code list${list ? ` (${list})` : ''}. Correct the code or the name.`,
      ),
    };
  },
});
