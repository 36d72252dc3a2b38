// Hand-checked charts from published sources (issue 4, "Correctness, shown against independent
// sources"): famous Korean charts whose birth data and 명식 are printed in newspapers and by
// practitioners. Each case cites its sources and asserts only what they publish.
//
// Conventions shared by the Korean sources below (none of the births falls near 子 hour, 입춘 or a
// 절 at the hour level, so the zi-hour rule does not matter for any of them):
// - the birth hour is given as a 시 (two-hour branch), not a clock time, except where noted; the
//   Korean practice is to shift each 시 by about 30 minutes (丑時 = 01:30–03:30 clock, stated by
//   류동학 for 정주영), i.e. the -32 minute correction to 135°E. We feed a wall time in the middle of
//   the published 시 so that the published branch holds with or without the correction;
// - wall clock times are Korean civil time of the birth year (Asia/Seoul with its history: +09:00
//   in 1912–1954, +08:30 in 1908–1911 and 1954–1961; none of these births falls in a DST period);
// - 대운수 is in Korean reckoning (세는 나이), as the engine's start_age.
import { describe, it, expect } from 'vitest'
import { computeReport } from '../../../src/services/saju/engine/index.js'
import type { SajuRequest } from '../../../src/services/saju/engine/index.js'

type Birth = Pick<SajuRequest, 'birth_dt_local' | 'gender'> & Partial<SajuRequest>
const chart = (b: Birth) =>
  computeReport({ tz: 'Asia/Seoul', calendar_type: 'solar', zi_hour_mode: 'default', regional_correction_minutes: -32, ...b } as SajuRequest)
const pillars = (r: ReturnType<typeof chart>) => [r.pillars.year, r.pillars.month, r.pillars.day, r.pillars.hour].map((p) => (p ? p.stem + p.branch : null))

describe('published charts', () => {
  // 박정희 (male), 1917-11-14 (음 9/30) 새벽 寅時, 경북 구미.
  // - 류동학, "박정희의 사주" column, 경북일보: http://www.kyongbuk.co.kr/news/articleView.html?idxno=2035481
  //   — 丁巳 辛亥 庚申 戊寅 (시주 "추정"), ten gods as asserted below, "입동 이후 6일", 戊土 사령,
  //   the hour's 戊 편인 "신약한 기를 보하고" (a weak day master), and 亥 labelled 식신격.
  // - 조용헌 살롱 "박정희 사주" (조선일보), reposted at http://wonje.co.kr/m/bbs/board.php?bo_table=member21&wr_id=39
  //   — "1917년 9월 30일(음) 인(寅)시 … 정사(丁巳)년, 신해(辛亥)월, 경신(庚申)일, 무인(戊寅)시".
  // 寅時 taken as 04:30 clock (LMT 03:58). No 대운수 is published in these sources.
  describe('박정희 1917-11-14 寅時', () => {
    const r = chart({ birth_dt_local: '1917-11-14T04:30', gender: 'male' })
    it('pillars 丁巳 辛亥 庚申 戊寅; the lunar date gives the same chart', () => {
      expect(pillars(r)).toEqual(['丁巳', '辛亥', '庚申', '戊寅'])
      const lunar = chart({ birth_dt_local: '1917-09-30T04:30', calendar_type: 'lunar', gender: 'male' })
      expect(pillars(lunar)).toEqual(pillars(r))
    })
    it('ten gods as printed by 류동학 (정관 겁재 편인 / 편관 식신 비견 편재)', () => {
      expect(r.analysis.ten_gods).toEqual({
        year_stem: '正官',
        month_stem: '劫財',
        hour_stem: '偏印',
        year_branch: '偏官',
        month_branch: '食神',
        day_branch: '比肩',
        hour_branch: '偏財',
      })
    })
    it('신약, as 류동학 reads it', () => {
      expect(r.analysis.strength.level).toBe('weak')
    })
    // School difference, not asserted: 류동학 labels the chart by 亥's 정기 壬 (식신격). The engine's
    // gyeokguk_policy.json (자평 revealed-stem method, role order main → middle → initial) finds 壬
    // and 甲 unrevealed and takes the initial 戊, revealed in the hour stem: 偏印格. Many 자평진전
    // readers do not let the 戊 여기 of a 생지 (寅申巳亥) form a 격; if the policy adopts that rule
    // this becomes 食神格 and the todo below can become a test.
    it.todo('격국 식신격 (류동학) — engine says 偏印格 from the revealed 여기 戊; see comment')
  })

  // 정주영 (male), 1915-11-25 (음 10/19) 丑時, 강원도 통천.
  // - 류동학, 정주영 column, 경북일보: https://www.kyongbuk.co.kr/news/articleView.html?idxno=2048499
  //   — 乙卯 丁亥 庚申 丁丑, ten gods as asserted below, "②해수(亥水) 식신격", 축시 = "새벽 1시 30분에서
  //   3시 30분경" (the ~30-minute correction). The column's text says "1915년 11월 23일", but its own
  //   pillars (庚申 day, 丁丑 hour) belong to 11-25: 11-23 is a 戊午 day (engine: 乙卯 丁亥 戊午 癸丑).
  // - 서울신문 2001-03-23 "역술가들 '鄭회장 올 타계 운명'": https://www.seoul.co.kr/news/2001/03/23/20010323021003
  //   — "1915년 11월25일(음력 10월19일) 축시(丑時)생", and his day is the same as 박정희's (庚申).
  // So the printed "11월 23일" is a slip; the date is 11-25 and both the solar and the lunar date
  // give the published pillars.
  describe('정주영 1915-11-25 丑時', () => {
    const r = chart({ birth_dt_local: '1915-11-25T02:30', gender: 'male' })
    it('pillars 乙卯 丁亥 庚申 丁丑 from the solar and the lunar date', () => {
      expect(pillars(r)).toEqual(['乙卯', '丁亥', '庚申', '丁丑'])
      expect(pillars(chart({ birth_dt_local: '1915-10-19T02:30', calendar_type: 'lunar', gender: 'male' }))).toEqual(pillars(r))
      expect(pillars(chart({ birth_dt_local: '1915-11-23T02:30', gender: 'male' }))[2]).toBe('戊午')
    })
    it('ten gods and 식신격 as printed by 류동학', () => {
      expect(r.analysis.ten_gods).toEqual({
        year_stem: '正財',
        month_stem: '正官',
        hour_stem: '正官',
        year_branch: '正財',
        month_branch: '食神',
        day_branch: '比肩',
        hour_branch: '正印',
      })
      expect(r.analysis.gyeokguk.code).toBe('食神格')
    })
  })

  // 이병철 (male), 1910-02-12 술시경, 경남 의령. 1910 is a +08:30 year in Seoul.
  // - 류동학, 이병철 column, 경북일보: https://www.kyongbuk.co.kr/news/articleView.html?idxno=2044829
  //   — "1910년 2월 12일 술시경 … 의령군", 庚戌 戊寅 戊申 壬戌 (양팔통), ten gods as asserted below;
  //   also https://www.kyongbuk.co.kr/news/articleView.html?idxno=2045569 (same chart, 丙火 사령).
  // - 박재완 『명리요강』 chart as quoted at https://yavares.tistory.com/910 ("이병철 회장의 진짜 사주"):
  //   "시상편재는 좌하 申에 장생" — a 壬 hour stem on a 戊申 day, i.e. the same 戌 hour.
  // - wonje.co.kr (http://m.wonje.co.kr/bbs/board.php?bo_table=member22_3&page=109&wr_id=1614) prints
  //   庚戌 戊寅 戊申 癸亥 (a 亥 hour, not the 술시 of the two sources above), calls it 신약, and lists
  //   대운 己卯 庚辰 辛巳 壬午 癸未 甲申 乙酉 丙戌 from 8. 한가경, 시사저널
  //   (http://www.sisajournal.com/news/articleView.html?idxno=170704) also calls it 재다신약.
  // 술시 taken as 20:00 clock at +08:30 (LMT 19:58).
  describe('이병철 1910-02-12 戌時', () => {
    const r = chart({ birth_dt_local: '1910-02-12T20:00', gender: 'male' })
    it('pillars 庚戌 戊寅 戊申 壬戌 (류동학, 박재완); the 亥-hour variant is 癸亥', () => {
      expect(r.time.offset_used).toBe('+08:30')
      expect(pillars(r)).toEqual(['庚戌', '戊寅', '戊申', '壬戌'])
      expect(pillars(chart({ birth_dt_local: '1910-02-12T22:00', gender: 'male' }))).toEqual(['庚戌', '戊寅', '戊申', '癸亥'])
    })
    it('ten gods as printed by 류동학 (식신 비견 편재 / 비견 편관 식신 비견)', () => {
      expect(r.analysis.ten_gods).toEqual({
        year_stem: '食神',
        month_stem: '比肩',
        hour_stem: '偏財',
        year_branch: '比肩',
        month_branch: '偏官',
        day_branch: '食神',
        hour_branch: '比肩',
      })
    })
    it('신약 (wonje, 시사저널 재다신약)', () => {
      expect(r.analysis.strength.level).toBe('weak')
    })
    it('대운 forward from 己卯, as wonje lists it', () => {
      expect(r.analysis.luck_cycles?.direction).toBe('forward')
      expect(r.analysis.luck_cycles?.cycles).toEqual(['己卯', '庚辰', '辛巳', '壬午', '癸未', '甲申', '乙酉', '丙戌'])
    })
    // Not asserted: wonje's 대운수 8. The birth (1910-02-12 11:30 UTC at 戌時, 13:30 UTC at 亥時) is
    // 21.9 days before 경칩 (1910-03-06 10:56:37 UTC), 7.3 years at 3 days a year: 7 by rounding and
    // by truncation alike, which is what the engine gives (sixty_jiazi.json daewoon.rounding
    // "nearest"). 8 comes only from rounding up, or from counting both the birth day and the 경칩 day
    // (Feb 12 … Mar 6 inclusive = 23 days, 7 remainder 2 → 8), a day-count convention some 만세력
    // books use. A convention difference, not a computation error.
    it.todo('대운수 8 (wonje) — engine says 7 from 21.9 days to 경칩; see comment')
  })

  // 이재용 (male), 1968-06-23 오후 4시경.
  // - 류동학, 경북일보: https://www.kyongbuk.co.kr/news/articleView.html?idxno=2043271 ("1968년 6월 23일
  //   오후 4시경") and https://www.kyongbuk.co.kr/news/articleView.html?idxno=2044197 — 戊申 戊午 甲子
  //   壬申, ten gods as asserted below, "목화 상관격", a summer chart needing water and metal (조후), and
  //   "40대 중반 이후 30년간 해자축의 겨울의 수운" (대운 亥, 子, 丑 from the mid-40s).
  // - 박경일, 충청타임즈 "이재용은 결국 구속될 것이다": http://360uniquegadgets.com/news/articleViewAmp.html?idxno=522363
  //   (a cctimes.kr column) — "戊申年 戊午月 甲子日", "현재 대운상 계해대운" in 2018.
  describe('이재용 1968-06-23 16:00', () => {
    const r = chart({ birth_dt_local: '1968-06-23T16:00', gender: 'male' })
    it('pillars 戊申 戊午 甲子 壬申', () => {
      expect(pillars(r)).toEqual(['戊申', '戊午', '甲子', '壬申'])
    })
    it('ten gods, 상관격, and water as the 조후 need (류동학)', () => {
      expect(r.analysis.ten_gods).toEqual({
        year_stem: '偏財',
        month_stem: '偏財',
        hour_stem: '偏印',
        year_branch: '偏官',
        month_branch: '傷官',
        day_branch: '正印',
        hour_branch: '偏官',
      })
      expect(r.analysis.gyeokguk.code).toBe('傷官格')
      expect(r.analysis.yongshin.primary).toBe('water')
    })
    it('대운: 癸亥 甲子 乙丑 from age 45, and 2018 inside 癸亥', () => {
      const l = r.analysis.luck_cycles!
      expect(l.direction).toBe('forward')
      expect(l.start_age).toBe(5)
      expect(l.cycles.slice(4, 7)).toEqual(['癸亥', '甲子', '乙丑'])
      const guihaiStart = l.start_year + 40
      expect(guihaiStart <= 2018 && 2018 < guihaiStart + 10).toBe(true)
    })
  })

  // 정의선 (male), 1970-10-18, hour not published.
  // - 류동학, 경북일보: https://www.kyongbuk.co.kr/news/articleView.html?idxno=2050000 — "1970년 10월 18일",
  //   시주 blank, 庚戌 丙戌 辛未, ten gods 겁재 정관 / 정인 정인 편인, "정관투출 … 정인격".
  describe('정의선 1970-10-18, hour unknown', () => {
    const r = chart({ birth_dt_local: '1970-10-18T12:00', unknown_hour: true, gender: 'male' })
    it('three pillars 庚戌 丙戌 辛未, ten gods and 정인격', () => {
      expect(pillars(r)).toEqual(['庚戌', '丙戌', '辛未', null])
      expect(r.analysis.ten_gods).toEqual({
        year_stem: '劫財',
        month_stem: '正官',
        hour_stem: null,
        year_branch: '正印',
        month_branch: '正印',
        day_branch: '偏印',
        hour_branch: null,
      })
      expect(r.analysis.gyeokguk.code).toBe('正印格')
    })
  })

  // 박근혜 (female), 1952-02-02 (음 1/7) 丑時, three days before 입춘 (so 辛卯 year, 辛丑 month).
  // - 우호성, 내일신문 "대구사주살롱", reposted at https://sakgane.tistory.com/8471 — "양력 1952년 02월 02일
  //   축시/辛卯년 辛丑월 戊寅일 癸丑시" (he calls it 재성격: see below).
  // - 박경일, 충청타임즈 "박근혜 사주": http://m.cctimes.kr/news/articleView.html?idxno=478768 — 1952-02-02
  //   축시; a winter earth chart, 금·수 strong, "따뜻하고 밝은 화의 불기운이 무엇보다도 시급".
  // - 류동학, 영남일보 "[혜명 류동학의 東洋學산책 .23] 박근혜 사주와 운세 풀이", reposted at
  //   https://cafe.daum.net/_c21_/bbs_read?datanum=13566&fldid=1SNg&grpid=nqKg — uses a 丙辰 hour (the hour
  //   is disputed: 축시 and 인시 circulate, per his .22 column) and reads 상관격 (자평진전: 丑's 辛
  //   revealed). The 격 does not depend on the hour here: 辛 is revealed in the year and month stems.
  describe('박근혜 1952-02-02 丑時', () => {
    const r = chart({ birth_dt_local: '1952-02-02T02:30', gender: 'female' })
    it('pillars 辛卯 辛丑 戊寅 癸丑 from the solar and the lunar date', () => {
      expect(pillars(r)).toEqual(['辛卯', '辛丑', '戊寅', '癸丑'])
      expect(pillars(chart({ birth_dt_local: '1952-01-07T02:30', calendar_type: 'lunar', gender: 'female' }))).toEqual(pillars(r))
    })
    it('상관격 (류동학, 자평진전 method), also with his 辰 hour', () => {
      expect(r.analysis.gyeokguk.code).toBe('傷官格')
      const chen = chart({ birth_dt_local: '1952-02-02T08:30', gender: 'female' })
      expect(pillars(chen)[3]).toBe('丙辰')
      expect(chen.analysis.gyeokguk.code).toBe('傷官格')
    })
    it('fire is the element the chart needs (박경일)', () => {
      expect(r.analysis.yongshin.primary).toBe('fire')
    })
    // 우호성's 재성격 is another school (any revealed month hidden stem, here 丑's 癸 in the hour
    // stem, 정재); the engine follows the 자평진전 role order (main 己 unrevealed → middle 辛 revealed
    // → 상관격), which is 류동학's reading. Not asserted.
  })

  // 박원순 (male), 1955-02-11 丑時, 경남 창녕. 1955 is a +08:30 year in Seoul (DST only from May).
  // - whang77 "박원순 서울특별시장의 사주와 생애 1": http://whang77.tistory.com/8001107 — 乙未 戊寅 癸卯 癸丑,
  //   대운 丁丑 丙子 乙亥 甲戌 癸酉 壬申 辛未 from 2 (backward: male, yin year stem), "정관격과 상관격".
  describe('박원순 1955-02-11 丑時', () => {
    const r = chart({ birth_dt_local: '1955-02-11T02:30', gender: 'male' })
    it('pillars 乙未 戊寅 癸卯 癸丑 at +08:30', () => {
      expect(r.time.offset_used).toBe('+08:30')
      expect(pillars(r)).toEqual(['乙未', '戊寅', '癸卯', '癸丑'])
    })
    it('대운 backward from 2: 丁丑 丙子 乙亥 甲戌 癸酉 壬申 辛未', () => {
      const l = r.analysis.luck_cycles!
      expect([l.direction, l.start_age]).toEqual(['backward', 2])
      expect(l.cycles.slice(0, 7)).toEqual(['丁丑', '丙子', '乙亥', '甲戌', '癸酉', '壬申', '辛未'])
    })
    it("정관격, one of the two 격 the source names (戊 revealed from 寅; 상관 is 寅's 정기 甲)", () => {
      expect(r.analysis.gyeokguk.code).toBe('正官格')
    })
  })

  // 노무현 (male), 1946-09-01 (음 8/6) 오전 9시쯤 (辰時).
  // - saver0721 "노무현 대통령 사주": https://saver0721.tistory.com/entry/%EB%85%B8%EB%AC%B4%ED%98%84-%EB%8C%80%ED%86%B5%EB%A0%B9-%EC%82%AC%EC%A3%BC?category=1088040
  //   — "1946년 9월 1일 오전 9시쯤", 戊 day master, 丙 in every other stem.
  // - 김명관, 성남저널 2012-05-22 "노무현 전 대통령...사주풀이": http://snjournal.com/sub_read.html?uid=1747&section=sc28&section2=
  //   — 丙戌 丙申 戊寅 丙辰, 대운 丁酉 戊戌 己亥 … "2대운", "무술대운(12세ㅡ21세)", three 丙 make the
  //   chart 조열 so "水가 필요".
  // - brunch @luckhumanwork/87: https://brunch.co.kr/@luckhumanwork/87 — same chart, 대운 丁酉 … 乙巳 "(2, 1946)".
  describe('노무현 1946-09-01 09:00', () => {
    const r = chart({ birth_dt_local: '1946-09-01T09:00', gender: 'male' })
    it('pillars 丙戌 丙申 戊寅 丙辰', () => {
      expect(pillars(r)).toEqual(['丙戌', '丙申', '戊寅', '丙辰'])
    })
    it('대운 forward from 2: 丁酉 戊戌 己亥 庚子 辛丑 壬寅 癸卯 甲辰', () => {
      const l = r.analysis.luck_cycles!
      expect([l.direction, l.start_age]).toEqual(['forward', 2])
      expect(l.cycles).toEqual(['丁酉', '戊戌', '己亥', '庚子', '辛丑', '壬寅', '癸卯', '甲辰'])
    })
    it('water is what the chart needs (김명관)', () => {
      expect(r.analysis.yongshin.primary).toBe('water')
    })
  })
})
