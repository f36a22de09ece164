// Realistic demo data for `npm run dev`: two dealerships, one on each pipeline preset.
import { eq } from 'drizzle-orm';
import { hashPassword } from '../../src/auth/password';
import { carCatalogue } from '../../src/cars/catalogue';
import {
  cars, contractStatusHistory, contracts, customers, users,
  type AgeGroup, type CarStatus, type Gender, type Meeting, type Region, type UserRole,
} from '../../src/db/schema';
import { createCompany } from '../../src/companies/companies.queries';
import { pipelinePresets, type PipelinePreset } from '../../src/pipeline/presets';
import type { ScriptDatabase } from '../database';

type Tx = Parameters<Parameters<ScriptDatabase['transaction']>[0]>[0];

/** Every demo account signs in with this password (it satisfies the web client's rule: letters and digits, 8-16). */
export const DEMO_PASSWORD = 'carmate2026';

// `isAdmin` is a service administrator (the web client's admin pages: every company and user), so the demo has one;
// every company has a `manager` (the manager.* logins), who shapes its board, settings, code and roles. E-mails end
// in a 2–4-letter top-level domain because the web client's sign-in form accepts no other.
type DemoCompany = {
  companyName: string;
  companyCode: string;
  preset: PipelinePreset;
  staff: { name: string; email: string; employeeNumber: string; phoneNumber: string; isAdmin?: boolean; role?: UserRole }[];
  cars: [carNumber: string, manufacturer: string, model: string, year: number, mileage: number, price: number, accidents: number, explanation: string][];
  customers: [name: string, gender: Gender, phone: string, ageGroup: AgeGroup | null, region: Region | null, email: string, memo: string][];
};

export const demoCompanies: DemoCompany[] = [
  {
    companyName: '카메이트 강남점',
    companyCode: 'GANGNAM',
    preset: 'standard',
    staff: [
      { name: '관리자', email: 'admin@carmate.example.com', employeeNumber: 'A0001', phoneNumber: '010-1000-0001', isAdmin: true },
      { name: '김영업', email: 'sales.kim@carmate.example.com', employeeNumber: 'S1001', phoneNumber: '010-2000-1001' },
      { name: '이상담', email: 'sales.lee@carmate.example.com', employeeNumber: 'S1002', phoneNumber: '010-2000-1002' },
      { name: '정매니저', email: 'manager.jung@carmate.example.com', employeeNumber: 'M1000', phoneNumber: '010-2000-1000', role: 'manager' },
    ],
    cars: [
      ['12가3456', '현대', '아반떼', 2018, 50000, 25000000, 0, '매우 깨끗한 상태입니다.'],
      ['34나5678', '기아', 'K5', 2019, 35000, 22000000, 1, '전면 범퍼 교체'],
      ['56다7890', '현대', '그랜저', 2020, 20000, 45000000, 0, '프리미엄 옵션 장착'],
      ['78라9012', '기아', '쏘렌토', 2017, 80000, 35000000, 2, '사소한 사고 이력'],
      ['90마1234', '쉐보레', '스파크', 2021, 15000, 9800000, 0, '최신 모델'],
      ['11바2233', '제네시스', 'G80', 2022, 18000, 58000000, 0, '1인 신조, 정비 이력 완비'],
      ['22사3344', '기아', '레이', 2020, 42000, 11500000, 0, '도심 주행용 경차'],
      ['33아4455', '현대', '팰리세이드', 2021, 61000, 41000000, 1, '7인승, 후방 범퍼 판금'],
      ['44자5566', 'KG모빌리티', '토레스', 2023, 9000, 32000000, 0, '신차급 컨디션'],
    ],
    customers: [
      ['김민준', 'male', '010-1234-5678', '30대', '서울', 'minjun.kim@example.com', '첫 차 구매 상담'],
      ['이서연', 'female', '010-2345-6789', '20대', '경기', 'seoyeon.lee@example.com', '경차 선호'],
      ['박지훈', 'male', '010-3456-7890', '40대', '인천', 'jihoon.park@example.com', '가족용 SUV 문의'],
      ['최수아', 'female', '010-4567-8901', '20대', '세종', 'sua.choi@example.com', ''],
      ['정도윤', 'male', '010-5678-9012', '50대', '서울', 'doyoon.jung@example.com', '법인 리스 검토'],
      ['강하은', 'female', '010-6789-0123', null, null, 'haeun.kang@example.com', '연락은 오후에 선호'],
    ],
  },
  {
    companyName: '카메이트 부산점',
    companyCode: 'BUSAN',
    preset: 'classic',
    staff: [
      { name: '박실장', email: 'manager.park@carmate.example.com', employeeNumber: 'B2000', phoneNumber: '010-3000-0001', role: 'manager' },
      { name: '최딜러', email: 'dealer.choi@carmate.example.com', employeeNumber: 'B2001', phoneNumber: '010-4000-2001' },
      { name: '한매니저', email: 'manager.han@carmate.example.com', employeeNumber: 'B2002', phoneNumber: '010-4000-2002', role: 'manager' },
    ],
    cars: [
      ['12가3456', '현대', '쏘나타', 2019, 47000, 19500000, 0, '무사고, 정기 점검 완료'],
      ['101허2020', '기아', '카니발', 2021, 38000, 36000000, 0, '9인승 하이리무진'],
      ['55거6677', '쉐보레', '트랙스', 2020, 33000, 16800000, 1, '운전석 도어 교체'],
      ['66너7788', '르노코리아', 'QM6', 2019, 71000, 17900000, 0, 'LPG 모델'],
      ['77더8899', 'BMW', '5시리즈', 2020, 52000, 43000000, 0, '수입차 인증 중고'],
      ['88러9900', '현대', '캐스퍼', 2022, 12000, 13800000, 0, '풀옵션'],
    ],
    customers: [
      ['윤서준', 'male', '010-7890-1234', '30대', '부산', 'seojun.yoon@example.com', '출퇴근용'],
      ['임지우', 'female', '010-8901-2345', '40대', '울산', 'jiwoo.lim@example.com', '두 번째 구매 고객'],
      ['한예준', 'male', '010-9012-3456', '60대', '경남', 'yejun.han@example.com', ''],
      ['오채원', 'female', '010-1122-3344', '30대', '대구', 'chaewon.oh@example.com', '할부 상담 희망'],
      ['서지호', 'male', '010-2233-4455', null, '제주', 'jiho.seo@example.com', '탁송 필요'],
    ],
  },
];

/** An instant `days` from today at `hour`:00 Seoul time, stored as the API stores meeting times (UTC ISO). */
function seoulAt(days: number, hour: number): string {
  const seoulToday = new Date(Date.now() + 9 * 3600_000);
  const wall = Date.UTC(seoulToday.getUTCFullYear(), seoulToday.getUTCMonth(), seoulToday.getUTCDate() + days, hour);
  return new Date(wall - 9 * 3600_000).toISOString();
}

function meetingOn(days: number, hour: number): Meeting {
  return { date: seoulAt(days, hour), alarms: [seoulAt(days - 1, 9), seoulAt(days, 9)] };
}

const carStatusFor: Record<'open' | 'won' | 'lost', CarStatus> = {
  open: 'contractProceeding',
  won: 'contractCompleted',
  lost: 'possession',
};

export async function seedDemoData(tx: Tx): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD, process.env.PASSWORD_PEPPER);
  for (const demo of demoCompanies) {
    const { id: companyId } = await createCompany(tx, { companyName: demo.companyName, companyCode: demo.companyCode, preset: demo.preset });

    const staff = await tx
      .insert(users)
      .values(demo.staff.map((s) => ({ ...s, isAdmin: s.isAdmin ?? false, role: s.role ?? 'staff', passwordHash, companyId })))
      .returning({ id: users.id, isAdmin: users.isAdmin });
    const salespeople = staff.filter((s) => !s.isAdmin);

    const carRows = await tx
      .insert(cars)
      .values(
        demo.cars.map(([carNumber, manufacturer, model, manufacturingYear, mileage, price, accidentCount, explanation]) => {
          if (!carCatalogue[manufacturer]?.[model]) throw new Error(`demo car ${manufacturer} ${model} is not in the catalogue`);
          return { carNumber, manufacturer, model, manufacturingYear, mileage, price, accidentCount, explanation, companyId };
        }),
      )
      .returning({ id: cars.id, price: cars.price });

    const customerRows = await tx
      .insert(customers)
      .values(
        demo.customers.map(([name, gender, phoneNumber, ageGroup, region, email, memo]) => ({
          name, gender, phoneNumber, ageGroup, region, email, memo, companyId,
        })),
      )
      .returning({ id: customers.id });

    // One contract per stage, so every column of the board has a card; the last cars stay in stock.
    const stages = pipelinePresets[demo.preset];
    for (const [i, stage] of stages.entries()) {
      const car = carRows[i % carRows.length]!;
      const closed = stage.outcome !== 'open';
      const [contract] = await tx
        .insert(contracts)
        .values({
          companyId,
          carId: car.id,
          customerId: customerRows[i % customerRows.length]!.id,
          userId: salespeople[i % salespeople.length]!.id,
          status: stage.key,
          stageOutcome: stage.outcome,
          contractPrice: car.price - (i % 3) * 500_000,
          resolutionDate: closed ? new Date(Date.now() - (i + 1) * 86_400_000) : null,
          meetings: closed ? [meetingOn(-(i + 10), 14)] : [meetingOn(i + 1, 10 + i), meetingOn(i + 8, 15)],
        })
        .returning({ id: contracts.id });
      await tx.insert(contractStatusHistory).values({
        contractId: contract!.id,
        companyId,
        fromStatus: null,
        toStatus: stage.key,
        changedBy: salespeople[0]!.id,
      });
      await tx.update(cars).set({ status: carStatusFor[stage.outcome] }).where(eq(cars.id, car.id));
    }
  }
}
