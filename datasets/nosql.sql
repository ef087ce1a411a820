-- nosql: two NoSQL shapes emulated in SQLite, for the many-to-many lessons.
-- `items` is a DynamoDB-style single table (adjacency list): users, projects
-- and the memberships between them share one table keyed by (pk, sk), with
-- an inverted index (sk, pk) standing in for a global secondary index.
-- `articles` stores tags as nested JSON objects (`doc`) and as the flattened
-- arrays a search engine builds from them (`flat`).
-- Deliberate edge cases (see nosql.md): a user with no projects, a project
-- with no members, non-membership items under a user's pk ('PROFILE',
-- 'PREFS'), a user id that is a prefix of another ('al' / 'alice'), tags
-- that match only across different array elements, an empty tag array, a
-- document without tags, and a java tag exactly at the lessons' 0.8.

CREATE TABLE items (
    pk    TEXT NOT NULL,
    sk    TEXT NOT NULL,
    data  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
    PRIMARY KEY (pk, sk)
) WITHOUT ROWID;

-- The "GSI": the same items, looked up from the other side.
CREATE INDEX items_inverted ON items (sk, pk);

INSERT INTO items (pk, sk, data) VALUES
    ('USER#alice',   'PROFILE',       '{"name":"Alice Moreau","email":"alice@example.org"}'),
    ('USER#alice',   'PREFS',         '{"theme":"dark"}'),
    ('USER#alice',   'PROJ#apollo',   '{"role":"owner","joined":"2024-01"}'),
    ('USER#alice',   'PROJ#gemini',   '{"role":"editor","joined":"2024-03"}'),
    ('USER#al',      'PROFILE',       '{"name":"Al Green","email":"al@example.org"}'),
    ('USER#al',      'PROJ#mercury',  '{"role":"viewer","joined":"2024-04"}'),
    ('USER#bob',     'PROFILE',       '{"name":"Bob Stone","email":"bob@example.org"}'),
    ('USER#bob',     'PROJ#apollo',   '{"role":"viewer","joined":"2024-02"}'),
    ('USER#chen',    'PROFILE',       '{"name":"Chen Li","email":"chen@example.org"}'),
    ('USER#chen',    'PROJ#apollo',   '{"role":"editor","joined":"2024-02"}'),
    ('USER#chen',    'PROJ#gemini',   '{"role":"owner","joined":"2024-01"}'),
    ('USER#dana',    'PROFILE',       '{"name":"Dana Wolf","email":"dana@example.org"}'),
    ('PROJ#apollo',  'METADATA',      '{"name":"Apollo","owner":"alice"}'),
    ('PROJ#gemini',  'METADATA',      '{"name":"Gemini","owner":"chen"}'),
    ('PROJ#mercury', 'METADATA',      '{"name":"Mercury","owner":"al"}'),
    ('PROJ#vostok',  'METADATA',      '{"name":"Vostok","owner":"dana"}');

-- doc: tags as objects, each with its own confidence (a "nested" mapping).
-- flat: the same tags as a search engine flattens an array of objects:
-- one array per field, the pairing between name and confidence lost.
CREATE TABLE articles (
    id     INTEGER PRIMARY KEY,
    title  TEXT NOT NULL,
    doc    TEXT NOT NULL CHECK (json_valid(doc)),
    flat   TEXT NOT NULL CHECK (json_valid(flat))
);

INSERT INTO articles (id, title, doc, flat) VALUES
    (1, 'Intro to Java',
        '{"tags":[{"name":"java","confidence":0.9},{"name":"beginner","confidence":0.7}]}',
        '{"tags.name":["java","beginner"],"tags.confidence":[0.9,0.7]}'),
    (2, 'Polyglot notes',
        '{"tags":[{"name":"java","confidence":0.6},{"name":"python","confidence":0.9}]}',
        '{"tags.name":["java","python"],"tags.confidence":[0.6,0.9]}'),
    (3, 'Python tips',
        '{"tags":[{"name":"python","confidence":0.95}]}',
        '{"tags.name":["python"],"tags.confidence":[0.95]}'),
    (4, 'JVM internals',
        '{"tags":[{"name":"jvm","confidence":0.8},{"name":"java","confidence":0.85}]}',
        '{"tags.name":["jvm","java"],"tags.confidence":[0.8,0.85]}'),
    (5, 'Untagged draft',
        '{"tags":[]}',
        '{"tags.name":[],"tags.confidence":[]}'),
    (6, 'Kotlin for Java developers',
        '{"tags":[{"name":"kotlin","confidence":0.9},{"name":"java","confidence":0.5},{"name":"jvm","confidence":0.6}]}',
        '{"tags.name":["kotlin","java","jvm"],"tags.confidence":[0.9,0.5,0.6]}'),
    (7, 'Imported post',
        '{"body":"no tags yet"}',
        '{}'),
    (8, 'Records in Java 21',
        '{"tags":[{"name":"java","confidence":0.8}]}',
        '{"tags.name":["java"],"tags.confidence":[0.8]}');
