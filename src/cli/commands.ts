/**
 * The command tree. Each command lives in src/commands/<name>.ts with its typed
 * options, a register() that declares its flags, and a run() that tests call
 * without the parser. Command modules import nothing heavy at load time.
 */
import type { Command } from 'commander';
import { msg } from '../text/i18n.js';
import type { App } from './app.js';
import * as doctor from '../commands/doctor.js';
import * as init from '../commands/init.js';
import * as unitsImport from '../commands/units-import.js';
import * as unitsSearch from '../commands/units-search.js';
import * as unitsShow from '../commands/units-show.js';
import * as reportMonthly from '../commands/report-monthly.js';
import * as reportConsolidate from '../commands/report-consolidate.js';
import * as exportCmd from '../commands/export.js';
import * as purge from '../commands/purge.js';
import * as demo from '../commands/demo.js';
import * as importCmd from '../commands/import.js';
import * as validate from '../commands/validate.js';
import * as remap from '../commands/remap.js';
import * as history from '../commands/history.js';
import * as diff from '../commands/diff.js';
import * as verify from '../commands/verify.js';
import * as template from '../commands/template.js';
import * as imports from '../commands/imports.js';
import * as importsRemove from '../commands/imports-remove.js';
import * as teams from '../commands/teams.js';
import * as teamsClose from '../commands/teams-close.js';

export function registerCommands(program: Command, app: App): void {
  const d = app.d.bind(app);
  const units = program.command('units').description(d(msg('danh mục đơn vị hành chính: nhập, tìm, xem lịch sử', 'administrative-unit reference: import, search, history')));
  const report = program.command('report').description(d(msg('báo cáo tháng và tổng hợp', 'monthly and consolidated reports')));
  unitsImport.register(units, app);
  unitsSearch.register(units, app);
  unitsShow.register(units, app);
  init.register(program, app);
  reportMonthly.register(report, app);
  reportConsolidate.register(report, app);
  exportCmd.register(program, app);
  doctor.register(program, app);
  importCmd.register(program, app);
  importsRemove.register(imports.register(program, app), app);
  teamsClose.register(teams.register(program, app), app);
  purge.register(program, app);
  demo.register(program, app);
  validate.register(program, app);
  remap.register(program, app);
  history.register(program, app);
  diff.register(program, app);
  verify.register(program, app);
  template.register(program, app);
  orderCommands(program);
}

/** `roster --help` lists the commands in the order of the month's work. */
export const MONTH_ORDER = [
  'init',
  'units',
  'template',
  'import',
  'imports',
  'validate',
  'remap',
  'report',
  'teams',
  'history',
  'diff',
  'export',
  'verify',
  'purge',
  'demo',
  'doctor',
];

function orderCommands(program: Command): void {
  const rank = (name: string) => {
    const i = MONTH_ORDER.indexOf(name);
    return i < 0 ? MONTH_ORDER.length : i;
  };
  // Stable: commands not in the list keep their registration order, after the others.
  (program.commands as Command[]).sort((a, b) => rank(a.name()) - rank(b.name()));
}
