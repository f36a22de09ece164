// npm run admin:create -- --email ops@example.com --name 운영자 --password secret123 [--company-code HQ]
//   [--company-name "카메이트 본사"] [--employee-number A0001] [--phone 010-0000-0000]
// Creates a service administrator (the web client's admin pages), and their company if it does not exist yet.
// Works on DATABASE_URL when set, else on the local dev database.
import { eq } from 'drizzle-orm';
import { parseArgs } from 'node:util';
import { hashPassword } from '../src/auth/password';
import { createCompany } from '../src/companies/companies.queries';
import { companies, users } from '../src/db/schema';
import { withDatabase } from './database';
import { targetDatabase } from './target-database';

const PASSWORD_RULE = /^(?=.*[A-Za-z])(?=.*\d)[A-Za-z\d]{8,16}$/;

async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string', default: '관리자' },
      password: { type: 'string' },
      'company-code': { type: 'string', default: 'CARMATE-HQ' },
      'company-name': { type: 'string', default: '카메이트 본사' },
      'employee-number': { type: 'string', default: 'ADMIN' },
      phone: { type: 'string', default: '010-0000-0000' },
    },
  });
  const email = values.email?.trim().toLowerCase();
  if (!email || !values.password) throw new Error('usage: npm run admin:create -- --email <email> --password <password> [--name …]');
  if (!PASSWORD_RULE.test(values.password)) throw new Error('the password must be 8-16 letters and digits, with at least one of each');

  const { url, local } = await targetDatabase();
  try {
    const passwordHash = await hashPassword(values.password, process.env.PASSWORD_PEPPER);
    await withDatabase(url, (db) =>
      db.transaction(async (tx) => {
        const [existing] = await tx.select().from(companies).where(eq(companies.companyCode, values['company-code']!));
        const company = existing
          ? { id: existing.id, companyName: existing.companyName, companyCode: existing.companyCode }
          : await createCompany(tx, { companyCode: values['company-code']!, companyName: values['company-name']!, preset: 'standard' }).then((c) => ({
              id: c.id,
              companyName: c.company_name,
              companyCode: c.company_code,
            }));
        await tx
          .insert(users)
          .values({
            name: values.name!,
            email,
            passwordHash,
            employeeNumber: values['employee-number']!,
            phoneNumber: values.phone!,
            isAdmin: true,
            companyId: company.id,
          })
          .onConflictDoUpdate({ target: users.email, set: { isAdmin: true, passwordHash } });
        console.log(`administrator ${email} is ready (company ${company.companyName} / ${company.companyCode})`);
      }),
    );
  } finally {
    await local?.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
