/**
 * Schema version 1.
 *
 * Units are identified by (vintage, level, code): codes were reused in the 2025
 * reorganisation, so a code means something only with the dated list it comes
 * from. Roster rows keep their provenance (import, file, SHA-256, sheet, row).
 * Nothing about people is ever deleted by an import: leaving is a status and an
 * event.
 */
export const sql = `
CREATE TABLE office (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  name          TEXT NOT NULL,
  jurisdiction  TEXT NOT NULL DEFAULT '',      -- comma-separated unit codes, as given to init
  created_at    TEXT NOT NULL
);

-- A dated code list ("vintage"): e.g. 2025-03-01 (before the reorganisation), 2025-07-01 (after).
CREATE TABLE unit_lists (
  vintage     TEXT PRIMARY KEY,                -- ISO date the list speaks of
  valid_from  TEXT,                            -- first day its codes are in force (NULL: long before)
  valid_to    TEXT,                            -- first day they no longer are (NULL: still in force)
  source      TEXT NOT NULL,
  loaded_at   TEXT NOT NULL
);

CREATE TABLE units (
  id             INTEGER PRIMARY KEY,
  vintage        TEXT NOT NULL REFERENCES unit_lists(vintage),
  level          INTEGER NOT NULL CHECK (level IN (1, 2, 3)),  -- province, district, commune-level
  code           TEXT NOT NULL,
  name           TEXT NOT NULL,                -- as published, NFC
  type           TEXT,                         -- Phường, Xã, Thị trấn, Đặc khu, Quận, Huyện, Tỉnh, ...
  parent_id      INTEGER REFERENCES units(id), -- district (old list) or province
  province_code  TEXT,
  name_key       TEXT NOT NULL,                -- folded name without its type prefix, for matching
  UNIQUE (vintage, level, code)
);
CREATE INDEX units_by_name_key ON units(name_key);
CREATE INDEX units_by_code ON units(code);
CREATE INDEX units_by_parent ON units(parent_id);

CREATE TABLE successions (
  old_unit_id  INTEGER NOT NULL REFERENCES units(id),
  new_unit_id  INTEGER NOT NULL REFERENCES units(id),
  kind         TEXT NOT NULL CHECK (kind IN ('full', 'partial')),
  effective    TEXT NOT NULL,                  -- ISO date
  legal_basis  TEXT,                           -- e.g. 1685/NQ-UBTVQH15
  PRIMARY KEY (old_unit_id, new_unit_id)
);
CREATE INDEX successions_by_new ON successions(new_unit_id);

CREATE TABLE imports (
  id             INTEGER PRIMARY KEY,
  period         TEXT NOT NULL,                -- YYYY-MM the roster speaks of
  mode           TEXT NOT NULL CHECK (mode IN ('sync', 'append')),
  file_name      TEXT NOT NULL,                -- base name
  file_path      TEXT,                         -- as given (for the annotated workbook)
  file_sha256    TEXT NOT NULL,
  sheet          TEXT,
  encoding       TEXT,
  header_row     INTEGER,
  columns_json   TEXT NOT NULL DEFAULT '[]',   -- [{field, header, column, index}]
  rows_read      INTEGER NOT NULL DEFAULT 0,
  rows_skipped   INTEGER NOT NULL DEFAULT 0,
  members_added    INTEGER NOT NULL DEFAULT 0,
  members_updated  INTEGER NOT NULL DEFAULT 0,
  members_left     INTEGER NOT NULL DEFAULT 0,
  imported_at    TEXT NOT NULL
);
CREATE INDEX imports_by_bytes ON imports(file_sha256, period);

CREATE TABLE teams (
  id                 INTEGER PRIMARY KEY,
  unit_id            INTEGER REFERENCES units(id),  -- current ward (a successor after remap)
  origin_unit_id     INTEGER REFERENCES units(id),  -- the ward as the rosters named it
  unit_text          TEXT NOT NULL DEFAULT '',      -- verbatim ward reference when it did not resolve
  neighbourhood      TEXT NOT NULL DEFAULT '',      -- '' = the ward-level team
  neighbourhood_key  TEXT NOT NULL DEFAULT '',
  decision_no        TEXT,
  decision_date      TEXT,
  created_import_id  INTEGER REFERENCES imports(id)
);
CREATE INDEX teams_by_unit ON teams(unit_id, neighbourhood_key);
CREATE INDEX teams_by_origin ON teams(origin_unit_id, neighbourhood_key);

CREATE TABLE members (
  id             INTEGER PRIMARY KEY,
  person_key     TEXT NOT NULL UNIQUE,          -- 'id:<12 digits>' or 'nd:<folded name>|<dob>'
  person_id      TEXT,
  full_name      TEXT NOT NULL,
  dob            TEXT,
  gender         TEXT,                          -- 'male' | 'female' | NULL
  phone          TEXT,
  email          TEXT,
  organisation   TEXT,
  purged_at      TEXT
);

CREATE TABLE source_rows (
  id             INTEGER PRIMARY KEY,
  import_id      INTEGER NOT NULL REFERENCES imports(id),
  period         TEXT NOT NULL,
  row_number     INTEGER NOT NULL,              -- 1-based row in the sheet or file
  full_name      TEXT,
  dob            TEXT,                          -- ISO date, 'YYYY' for year only, else the text as written
  gender         TEXT,                          -- 'male' | 'female' | text as written
  person_id      TEXT,
  phone          TEXT,
  email          TEXT,
  role           TEXT,                          -- 'leader' | 'deputy' | 'member' | text as written
  organisation   TEXT,
  neighbourhood  TEXT,
  ward           TEXT,
  ward_code      TEXT,
  district       TEXT,
  joined_on      TEXT,
  left_on        TEXT,
  onetouch       INTEGER,                       -- 1 | 0 | NULL
  notes          TEXT,
  repairs        TEXT,                          -- import-time notes, e.g. 'person_id:repaired,phone:repaired'
  unit_id        INTEGER REFERENCES units(id),  -- resolved ward (may be a retired unit)
  unit_status    TEXT,                          -- current | retired.full | retired.partial | ambiguous | unknown | code-name-mismatch
  team_id        INTEGER REFERENCES teams(id),
  member_id      INTEGER REFERENCES members(id),
  superseded_by  INTEGER REFERENCES imports(id) -- a later sync import of the same wards for the same period
);
CREATE INDEX source_rows_by_period ON source_rows(period, superseded_by);
CREATE INDEX source_rows_by_import ON source_rows(import_id);
CREATE INDEX source_rows_by_member ON source_rows(member_id);

CREATE TABLE memberships (
  id             INTEGER PRIMARY KEY,
  member_id      INTEGER NOT NULL REFERENCES members(id),
  team_id        INTEGER NOT NULL REFERENCES teams(id),
  role           TEXT NOT NULL DEFAULT 'member',
  onetouch       INTEGER,
  joined_on      TEXT,
  left_on        TEXT,
  first_period   TEXT NOT NULL,
  last_period    TEXT NOT NULL,
  left_period    TEXT,                          -- the period whose sync import found them absent
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
  source_row_id  INTEGER REFERENCES source_rows(id), -- latest row that listed this membership
  last_import_id INTEGER REFERENCES imports(id)      -- latest import that listed it (sync marks the others as left)
);
CREATE INDEX memberships_by_member ON memberships(member_id);
CREATE INDEX memberships_by_team ON memberships(team_id, status);

-- History: what changed, when, from which file or decision. Never deleted.
CREATE TABLE events (
  id             INTEGER PRIMARY KEY,
  at             TEXT NOT NULL,
  period         TEXT,
  kind           TEXT NOT NULL,                 -- joined | updated | left | moved | remapped | purged
  member_id      INTEGER REFERENCES members(id),
  team_id        INTEGER REFERENCES teams(id),
  from_team_id   INTEGER REFERENCES teams(id),
  from_unit_id   INTEGER REFERENCES units(id),
  to_unit_id     INTEGER REFERENCES units(id),
  legal_basis    TEXT,
  decided_by     TEXT,                          -- auto | interactive | decisions-file | import
  import_id      INTEGER REFERENCES imports(id),
  source_row_id  INTEGER REFERENCES source_rows(id),
  details_json   TEXT
);
CREATE INDEX events_by_member ON events(member_id);
CREATE INDEX events_by_team ON events(team_id);
CREATE INDEX events_by_period ON events(period, kind);
`;
