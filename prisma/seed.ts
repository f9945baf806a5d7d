/**
 * Demo data for a fresh install (`npm start` runs this on every start; it only adds what is missing,
 * so existing data is kept). Texts come from templates/demo/.
 */
import { z } from "zod";
import people from "../templates/demo/people.json" with { type: "json" };
import { db } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import { ROLES } from "~/utils/roles";

const DemoPeopleSchema = z.object({
  password: z.string().min(10),
  institutions: z.array(
    z.object({
      name: z.string(),
      registrationNumber: z.string(),
      users: z.array(
        z.object({
          role: z.enum(ROLES),
          username: z.string(),
          displayName: z.string(),
          candidateNumber: z.string().optional(),
          nationalIdMasked: z.string().optional(),
          qualifications: z.array(z.string()).optional(),
        }),
      ),
    }),
  ),
});

async function seedPeople() {
  const demo = DemoPeopleSchema.parse(people);
  let created = 0;
  for (const inst of demo.institutions) {
    const institution =
      (await db.institution.findFirst({ where: { registrationNumber: inst.registrationNumber } })) ??
      (await db.institution.create({ data: { name: inst.name, registrationNumber: inst.registrationNumber } }));
    for (const user of inst.users) {
      if (await db.user.findUnique({ where: { username: user.username } })) continue;
      await db.user.create({
        data: {
          institutionId: institution.id,
          role: user.role,
          username: user.username,
          displayName: user.displayName,
          candidateNumber: user.candidateNumber,
          nationalIdMasked: user.nationalIdMasked,
          passwordHash: await hashPassword(demo.password),
          passwordSetAt: new Date(),
          qualifications: user.qualifications ? { create: user.qualifications.map((name) => ({ name })) } : undefined,
        },
      });
      created++;
    }
  }
  return { demo, created };
}

async function main() {
  const { demo, created } = await seedPeople();
  const main = demo.institutions[0];
  console.log(created > 0 ? `示範資料已建立 / Demo data created (${created} accounts).` : "示範資料已存在 / Demo data present.");
  console.log(`\n示範帳號 Demo logins（${main.name}，密碼 password: ${demo.password}）`);
  for (const user of main.users) {
    console.log(`  ${user.username.padEnd(12)} ${user.displayName}（${{ admin: "機構管理者", assessor: "評量人員", candidate: "受評者" }[user.role]}）`);
  }
  console.log("");
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
