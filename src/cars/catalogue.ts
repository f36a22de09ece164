/** Body classes for the dashboard's per-type figures and the car object's `type`. */
export const carTypes = ['경차', '소형', '준중형', '중형', '대형', 'SUV', '승합/트럭', '스포츠카'] as const;
export type CarType = (typeof carTypes)[number];

/**
 * The car-model catalogue (reference data, seeded in every environment): the common models sold in Korea,
 * including every manufacturer/model of the official sample CSV.
 */
export const carCatalogue: Record<string, Record<string, CarType>> = {
  현대: {
    캐스퍼: '경차', 엑센트: '소형', 아반떼: '준중형', 아반떼N: '스포츠카', 아이오닉: '준중형', 아이오닉5: 'SUV',
    아이오닉6: '중형', 쏘나타: '중형', 그랜저: '대형', 베뉴: 'SUV', 코나: 'SUV', 투싼: 'SUV', 싼타페: 'SUV',
    팰리세이드: 'SUV', 넥쏘: 'SUV', 스타리아: '승합/트럭', 포터: '승합/트럭', 벨로스터: '스포츠카',
  },
  기아: {
    모닝: '경차', 레이: '경차', 프라이드: '소형', K3: '준중형', K5: '중형', K7: '대형', K8: '대형', K9: '대형',
    스팅어: '스포츠카', 스토닉: 'SUV', 셀토스: 'SUV', 니로: 'SUV', 스포티지: 'SUV', 쏘렌토: 'SUV', 모하비: 'SUV',
    EV6: 'SUV', EV9: 'SUV', 카니발: '승합/트럭', 봉고: '승합/트럭',
  },
  제네시스: { G70: '중형', G80: '대형', G90: '대형', GV60: 'SUV', GV70: 'SUV', GV80: 'SUV' },
  쉐보레: {
    스파크: '경차', 아베오: '소형', 크루즈: '준중형', 말리부: '중형', 임팔라: '대형', 트랙스: 'SUV',
    트레일블레이저: 'SUV', 이쿼녹스: 'SUV', 트래버스: 'SUV', 콜로라도: '승합/트럭', 카마로: '스포츠카',
  },
  르노코리아: { 클리오: '소형', SM3: '준중형', SM5: '중형', SM6: '중형', SM7: '대형', XM3: 'SUV', QM6: 'SUV', 아르카나: 'SUV', 그랑콜레오스: 'SUV' },
  KG모빌리티: { 티볼리: 'SUV', 코란도: 'SUV', 토레스: 'SUV', 렉스턴: 'SUV', '렉스턴 스포츠': '승합/트럭' },
  BMW: { '1시리즈': '준중형', '3시리즈': '중형', '5시리즈': '대형', '7시리즈': '대형', X3: 'SUV', X5: 'SUV', Z4: '스포츠카' },
  벤츠: { 'A-클래스': '준중형', 'C-클래스': '중형', 'E-클래스': '대형', 'S-클래스': '대형', GLC: 'SUV', GLE: 'SUV' },
  아우디: { A3: '준중형', A4: '중형', A6: '대형', Q5: 'SUV', Q7: 'SUV' },
  폭스바겐: { 골프: '준중형', 제타: '준중형', 파사트: '중형', 티구안: 'SUV' },
  볼보: { S60: '중형', S90: '대형', XC40: 'SUV', XC60: 'SUV', XC90: 'SUV' },
  테슬라: { 'Model 3': '중형', 'Model S': '대형', 'Model Y': 'SUV', 'Model X': 'SUV' },
  토요타: { 프리우스: '준중형', 캠리: '중형', 라브4: 'SUV' },
  렉서스: { ES: '대형', NX: 'SUV', RX: 'SUV' },
  포르쉐: { '911': '스포츠카', 카이엔: 'SUV', 타이칸: '스포츠카' },
  미니: { 쿠퍼: '소형', 컨트리맨: 'SUV' },
};

/** Catalogue rows for car_models. */
export function catalogueRows() {
  return Object.entries(carCatalogue).flatMap(([manufacturer, models]) =>
    Object.entries(models).map(([model, type]) => ({ manufacturer, model, type })),
  );
}
