-- hr: a small company. Employees belong to departments and report to a
-- manager; salary_history records each pay change.
-- Deliberate edge cases (see hr.md): a department with no employees, two
-- employees with no department, salary ties (including a tie for the top
-- salary of a department), two people with the same name, NULL bonuses,
-- a four-level org chart whose CEO has no manager, one employee whose
-- history is a single row, and a company average (115000) that is one
-- person's salary and one department's average.

CREATE TABLE departments (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    location  TEXT NOT NULL
);

CREATE TABLE employees (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    job_title      TEXT NOT NULL,
    department_id  INTEGER REFERENCES departments(id),
    manager_id     INTEGER REFERENCES employees(id),
    salary         INTEGER NOT NULL CHECK (salary > 0),
    bonus          INTEGER CHECK (bonus >= 0),
    hired_on       TEXT NOT NULL,
    CHECK (manager_id <> id)
);

CREATE TABLE salary_history (
    employee_id   INTEGER NOT NULL REFERENCES employees(id),
    effective_on  TEXT NOT NULL,
    salary        INTEGER NOT NULL CHECK (salary > 0),
    PRIMARY KEY (employee_id, effective_on)
);

INSERT INTO departments (id, name, location) VALUES
    (1, 'Executive',   'London'),
    (2, 'Engineering', 'Berlin'),
    (3, 'Sales',       'London'),
    (4, 'Marketing',   'Paris'),
    (5, 'Research',    'Amsterdam');

-- The org chart, four levels deep:
--   Ada (CEO)
--   ├── Ben (CTO) ── Dan ── Gil, Elif, Femi, Alex Kim (7), Hana
--   ├── Chloe (Sales) ── Ivan ── Jade, Alex Kim (11), Kofi
--   ├── Mo and Nora (no department yet)
--   └── Omar (Research, on his own)
INSERT INTO employees (id, name, job_title, department_id, manager_id, salary, bonus, hired_on) VALUES
    ( 1, 'Ada Okafor',   'Chief Executive',      1,    NULL, 250000, 50000, '2015-03-01'),
    ( 2, 'Ben Carter',   'Chief Technology Officer', 2,  1, 180000, 20000, '2016-06-15'),
    ( 3, 'Chloe Martin', 'Head of Sales',        3,       1, 120000, 30000, '2017-01-09'),
    ( 4, 'Dan Novak',    'Engineering Manager',  2,       2, 140000, 10000, '2018-04-02'),
    ( 5, 'Elif Demir',   'Senior Engineer',      2,       4, 120000, NULL,  '2019-02-11'),
    ( 6, 'Femi Adeyemi', 'Engineer',             2,       4,  95000, NULL,  '2020-01-01'),
    ( 7, 'Alex Kim',     'Engineer',             2,       4,  95000, 0,     '2022-01-10'),
    ( 8, 'Hana Sato',    'Junior Engineer',      2,       4,  70000, NULL,  '2023-07-03'),
    ( 9, 'Ivan Petrov',  'Sales Team Lead',      3,       3, 120000, 15000, '2018-05-14'),
    (10, 'Jade Wong',    'Account Executive',    3,       9, 100000, 5000,  '2019-08-19'),
    (11, 'Alex Kim',     'Account Executive',    3,       9,  80000, NULL,  '2021-11-01'),
    (12, 'Kofi Mensah',  'Sales Associate',      3,       9,  65000, 5000,  '2023-02-20'),
    (13, 'Mo Haddad',    'Analyst',              NULL,    1,  75000, NULL,  '2024-09-02'),
    (14, 'Gil Rosen',    'Staff Engineer',       2,       4, 150000, 12000, '2019-10-07'),
    (15, 'Nora Quinn',   'Office Manager',       NULL,    1,  65000, NULL,  '2024-04-15'),
    (16, 'Omar Farouk',  'Research Lead',        5,       1, 115000, 8000,  '2021-05-03');

-- Each row is a salary that took effect on a date. An employee's first row
-- is dated on their hire date and their last row equals their current
-- salary. Only some employees were migrated: 1, 3, 7, 11, 12, 13, 15 and 16
-- have no rows, and Hana (8) has a single one.
INSERT INTO salary_history (employee_id, effective_on, salary) VALUES
    ( 2, '2016-06-15', 140000),
    ( 2, '2019-01-01', 160000),
    ( 2, '2022-01-01', 180000),
    ( 4, '2018-04-02', 110000),
    ( 4, '2020-04-01', 125000),
    ( 4, '2023-04-01', 140000),
    ( 5, '2019-02-11', 100000),
    ( 5, '2021-02-01', 110000),
    ( 5, '2023-02-01', 120000),
    ( 6, '2020-01-01',  85000),
    ( 6, '2022-01-01',  95000),
    ( 8, '2023-07-03',  70000),
    ( 9, '2018-05-14',  90000),
    ( 9, '2020-06-01', 110000),
    ( 9, '2023-06-01', 120000),
    (10, '2019-08-19',  95000),
    (10, '2022-03-01', 105000),
    (10, '2024-03-01', 100000),
    (14, '2019-10-07', 130000),
    (14, '2022-01-01', 150000);
