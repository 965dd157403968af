import pg from 'pg';

/** The role the service's own connections use on the embedded server. */
export const APP_ROLE = 'bookchat_app';

/**
 * Creates (or updates) the application's role and grants it what the service does at
 * run time — read and write rows, use sequences, LISTEN/NOTIFY, temporary tables — on
 * every table that exists now and, through default privileges, on every table the
 * migrations create later. Nothing more: it is not a superuser, so it cannot read the
 * server's files or its processes' environment (`pg_read_binary_file`, `COPY … FROM
 * PROGRAM`); it cannot create roles or databases; and it owns nothing, so it cannot
 * alter or drop the schema either. The superuser (`adminUrl`) runs migrations, backups
 * and restores.
 *
 * Run on `adminUrl`'s database. Idempotent and serialised by an advisory lock, as the
 * service and a command-line tool attaching to it may both run it. The password is
 * set each time, so the one in the password file is always the one that works.
 */
export async function ensureAppRole(adminUrl: string, password: string, role = APP_ROLE): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query("select pg_advisory_xact_lock(hashtext('bookchat:app-role'))");
    const found = await client.query('select 1 from pg_roles where rolname = $1', [role]);
    const r = client.escapeIdentifier(role);
    const attributes = `login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password ${client.escapeLiteral(password)}`;
    await client.query(found.rowCount === 0 ? `create role ${r} ${attributes}` : `alter role ${r} ${attributes}`);
    const { rows } = await client.query<{ database: string; admin: string }>('select current_database() as database, current_user as admin');
    const database = client.escapeIdentifier(rows[0]!.database);
    const admin = client.escapeIdentifier(rows[0]!.admin);
    await client.query(`grant connect, temporary on database ${database} to ${r}`);
    await client.query(`grant usage on schema public to ${r}`);
    await client.query(`grant select, insert, update, delete on all tables in schema public to ${r}`);
    await client.query(`grant usage, select, update on all sequences in schema public to ${r}`);
    // Tables and sequences the migrations (run by the superuser) create from now on.
    await client.query(`alter default privileges for role ${admin} in schema public grant select, insert, update, delete on tables to ${r}`);
    await client.query(`alter default privileges for role ${admin} in schema public grant usage, select, update on sequences to ${r}`);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
