/**
 * The shipped listing of Korean stocks the pipeline recognises in articles: every constituent
 * of the KOSPI 200 (200) and the KOSDAQ 150 (150), code and KRX short name, read once from
 * krx-index-constituents.csv beside this file, plus the other ways the press writes some names
 * (aliases) and their themes.
 *
 * Source and date of the CSV: the public repository longman6/rsi-close-buy-strategy, commit
 * d537fc87ed418e543f484ceb08b9ab2152313a67 (2026-02-11), files data/kospi200_list.txt (parsed from
 * KRX's 지수 구성종목 download `data_1903_20260103.csv`, i.e. the KOSPI 200 as of 2026-01-02;
 * committed 2026-01-03) and data/kosdaq150_list.txt (pykrx `get_index_portfolio_deposit_file("2203")`,
 * i.e. KRX's KOSDAQ 150 constituents, exported 2025-12-29). Cross-checked against an independent
 * KOSPI 200 file (buminjun/kospi200-signal-bot kospi200.csv, 2025-10-02): the 190 codes in both
 * carry the same names; the 10 others are the December 2025 rebalancing. KRX codes may hold
 * letters since 2024 (0126Z0 삼성에피스홀딩스). The indices are rebalanced every June and
 * December: refresh the CSV from KRX (data.krx.co.kr, 지수 > 구성종목) after each.
 */
import { readFileSync } from 'node:fs'
import { sourceFile } from '../../../paths.js'

export interface ListedStock {
  /** KRX short code: six characters, digits (letters allowed since 2024). */
  code: string
  /** KRX short name (종목명). */
  name: string
  market: 'KOSPI' | 'KOSDAQ'
  index: 'KOSPI200' | 'KOSDAQ150'
  /** Other ways articles write the name. */
  aliases: string[]
  themes: string[]
  /** The name is also an everyday word (대상, 동서): recognised only by its code or an alias. */
  nameIsWord: boolean
}

export const LISTING_FILE = sourceFile('services', 'findori', 'pipeline', 'krx-index-constituents.csv')

/** Aliases and themes, by code (hand-kept: KRX publishes neither). */
const EXTRAS: Record<string, { aliases?: string[]; themes: string[] }> = {
  '005930': { themes: ['반도체'] }, // 삼성전자
  '000660': { aliases: ['하이닉스'], themes: ['반도체', 'HBM'] }, // SK하이닉스
  '373220': { aliases: ['LG엔솔'], themes: ['2차전지'] }, // LG에너지솔루션
  '207940': { aliases: ['삼성바이오'], themes: ['바이오'] }, // 삼성바이오로직스
  '005380': { aliases: ['현대자동차'], themes: ['자동차'] }, // 현대차
  '000270': { themes: ['자동차'] }, // 기아
  '068270': { themes: ['바이오'] }, // 셀트리온
  '105560': { aliases: ['KB금융지주'], themes: ['금융'] }, // KB금융
  '055550': { aliases: ['신한금융지주', '신한금융'], themes: ['금융'] }, // 신한지주
  '086790': { aliases: ['하나금융'], themes: ['금융'] }, // 하나금융지주
  '316140': { aliases: ['우리금융'], themes: ['금융'] }, // 우리금융지주
  '138040': { aliases: ['메리츠금융'], themes: ['금융'] }, // 메리츠금융지주
  '024110': { aliases: ['IBK기업은행'], themes: ['금융'] }, // 기업은행
  '323410': { themes: ['금융', '인터넷'] }, // 카카오뱅크
  '377300': { themes: ['금융', '인터넷'] }, // 카카오페이
  '032830': { themes: ['금융', '보험'] }, // 삼성생명
  '000810': { themes: ['금융', '보험'] }, // 삼성화재
  '005830': { aliases: ['DB손보'], themes: ['금융', '보험'] }, // DB손해보험
  '006800': { themes: ['금융', '증권'] }, // 미래에셋증권
  '016360': { themes: ['금융', '증권'] }, // 삼성증권
  '005940': { themes: ['금융', '증권'] }, // NH투자증권
  '039490': { themes: ['금융', '증권'] }, // 키움증권
  '071050': { themes: ['금융', '증권'] }, // 한국금융지주
  '005490': { aliases: ['포스코홀딩스'], themes: ['철강', '2차전지'] }, // POSCO홀딩스
  '003670': { themes: ['2차전지'] }, // 포스코퓨처엠
  '006400': { themes: ['2차전지'] }, // 삼성SDI
  '051910': { themes: ['2차전지', '화학'] }, // LG화학
  '096770': { themes: ['2차전지', '정유'] }, // SK이노베이션
  '010950': { aliases: ['에쓰오일', 'S-OIL'], themes: ['정유'] }, // S-Oil
  '011170': { themes: ['화학'] }, // 롯데케미칼
  '011780': { aliases: ['금호석유', '금호석유화학'], themes: ['화학'] }, // 금호석유화학
  '009830': { themes: ['화학', '태양광'] }, // 한화솔루션
  '035420': { aliases: ['네이버'], themes: ['인터넷', 'AI'] }, // NAVER
  '035720': { themes: ['인터넷'] }, // 카카오
  '012330': { themes: ['자동차'] }, // 현대모비스
  '086280': { themes: ['자동차', '물류'] }, // 현대글로비스
  '011210': { themes: ['자동차', '방산'] }, // 현대위아
  '161390': { aliases: ['한국타이어'], themes: ['자동차'] }, // 한국타이어앤테크놀로지
  '018880': { themes: ['자동차'] }, // 한온시스템
  '028260': { themes: ['지주', '건설'] }, // 삼성물산
  '066570': { themes: ['가전', 'AI'] }, // LG전자
  '011070': { themes: ['IT부품'] }, // LG이노텍
  '034220': { themes: ['디스플레이'] }, // LG디스플레이
  '009150': { themes: ['IT부품', 'AI'] }, // 삼성전기
  '018260': { aliases: ['삼성SDS'], themes: ['AI', 'IT서비스'] }, // 삼성에스디에스
  '022100': { themes: ['IT서비스', '로봇'] }, // 포스코DX
  '017670': { aliases: ['SKT'], themes: ['통신', 'AI'] }, // SK텔레콤
  '030200': { themes: ['통신'] }, // KT
  '032640': { themes: ['통신'] }, // LG유플러스
  '402340': { themes: ['지주', '반도체'] }, // SK스퀘어
  '034730': { aliases: ['SK㈜'], themes: ['지주'] }, // SK
  '003550': { aliases: ['㈜LG'], themes: ['지주'] }, // LG
  '015760': { aliases: ['한전'], themes: ['전력', '유틸리티'] }, // 한국전력
  '036460': { themes: ['유틸리티'] }, // 한국가스공사
  '034020': { themes: ['원전', '전력'] }, // 두산에너빌리티
  '052690': { themes: ['원전'] }, // 한전기술
  '051600': { themes: ['원전'] }, // 한전KPS
  '267260': { themes: ['전력', '전력기기'] }, // HD현대일렉트릭
  '010120': { aliases: ['LS일렉트릭'], themes: ['전력', '전력기기'] }, // LS ELECTRIC
  '298040': { themes: ['전력', '전력기기'] }, // 효성중공업
  '006260': { themes: ['지주', '전력'] }, // LS
  '329180': { themes: ['조선'] }, // HD현대중공업
  '009540': { themes: ['조선'] }, // HD한국조선해양
  '010140': { themes: ['조선'] }, // 삼성중공업
  '042660': { themes: ['조선', '방산'] }, // 한화오션
  '267250': { themes: ['지주', '조선'] }, // HD현대
  '012450': { themes: ['방산', '우주'] }, // 한화에어로스페이스
  '047810': { aliases: ['KAI'], themes: ['방산', '우주'] }, // 한국항공우주
  '079550': { themes: ['방산'] }, // LIG넥스원
  '064350': { themes: ['방산', '철도'] }, // 현대로템
  '000880': { themes: ['지주', '방산'] }, // 한화
  '003490': { themes: ['항공'] }, // 대한항공
  '011200': { themes: ['해운'] }, // HMM
  '010130': { themes: ['비철금속'] }, // 고려아연
  '004020': { themes: ['철강'] }, // 현대제철
  '000720': { themes: ['건설', '원전'] }, // 현대건설
  '006360': { themes: ['건설'] }, // GS건설
  '028050': { aliases: ['삼성엔지니어링'], themes: ['건설'] }, // 삼성E&A
  '241560': { themes: ['기계'] }, // 두산밥캣
  '259960': { themes: ['게임'] }, // 크래프톤
  '036570': { aliases: ['엔씨'], themes: ['게임'] }, // 엔씨소프트
  '251270': { themes: ['게임'] }, // 넷마블
  '352820': { themes: ['엔터'] }, // 하이브
  '033780': { themes: ['필수소비재'] }, // KT&G
  '090430': { themes: ['화장품'] }, // 아모레퍼시픽
  '051900': { themes: ['화장품'] }, // LG생활건강
  '097950': { themes: ['음식료'] }, // CJ제일제당
  '271560': { themes: ['음식료'] }, // 오리온
  '004370': { themes: ['음식료'] }, // 농심
  '003230': { themes: ['음식료'] }, // 삼양식품
  '000100': { themes: ['바이오', '제약'] }, // 유한양행
  '128940': { themes: ['바이오', '제약'] }, // 한미약품
  '326030': { themes: ['바이오', '제약'] }, // SK바이오팜
  '006280': { aliases: ['GC녹십자'], themes: ['바이오', '제약'] }, // 녹십자
  '302440': { themes: ['바이오'] }, // SK바이오사이언스
  '139480': { themes: ['유통'] }, // 이마트
  '023530': { themes: ['유통'] }, // 롯데쇼핑
  '282330': { themes: ['유통'] }, // BGF리테일
  '008770': { themes: ['유통', '면세점'] }, // 호텔신라
  '078930': { themes: ['지주', '정유'] }, // GS
  '047050': { themes: ['무역', '2차전지'] }, // 포스코인터내셔널
  '001450': { themes: ['금융', '보험'] }, // 현대해상
  '088350': { themes: ['금융', '보험'] }, // 한화생명
  '272210': { themes: ['방산'] }, // 한화시스템
  '307950': { themes: ['자동차', 'IT서비스'] }, // 현대오토에버
  '029780': { themes: ['금융'] }, // 삼성카드
  '001040': { themes: ['지주'] }, // CJ
  '021240': { themes: ['가전'] }, // 코웨이
  '180640': { themes: ['지주', '항공'] }, // 한진칼
  '001440': { themes: ['전력', '전선'] }, // 대한전선
  '000150': { themes: ['지주'] }, // 두산
  '008930': { themes: ['지주', '제약'] }, // 한미사이언스
  '004990': { themes: ['지주'] }, // 롯데지주
  '028670': { themes: ['해운'] }, // 팬오션
  '047040': { themes: ['건설'] }, // 대우건설
  '375500': { themes: ['건설'] }, // DL이앤씨
  '069960': { themes: ['유통'] }, // 현대백화점
  '004170': { themes: ['유통'] }, // 신세계
  '014680': { themes: ['반도체', '화학'] }, // 한솔케미칼
  '011790': { themes: ['화학', '반도체'] }, // SKC
  '010060': { themes: ['화학', '태양광'] }, // OCI홀딩스
  '103140': { themes: ['방산', '비철금속'] }, // 풍산
  '443060': { themes: ['조선'] }, // HD현대마린솔루션
  '082740': { themes: ['조선'] }, // 한화엔진
  '007310': { themes: ['음식료'] }, // 오뚜기
  '000080': { themes: ['음식료'] }, // 하이트진로
  '005300': { themes: ['음식료'] }, // 롯데칠성
  '000120': { themes: ['물류'] }, // CJ대한통운
  '383220': { themes: ['의류'] }, // F&F
  '035250': { themes: ['레저'] }, // 강원랜드
  '030000': { themes: ['미디어'] }, // 제일기획
  '012750': { themes: ['IT서비스'] }, // 에스원
  '161890': { themes: ['화장품'] }, // 한국콜마
  '192820': { themes: ['화장품'] }, // 코스맥스
  '069620': { themes: ['바이오', '제약'] }, // 대웅제약
  '185750': { themes: ['바이오', '제약'] }, // 종근당
  '278470': { themes: ['화장품', '미용기기'] }, // 에이피알
  '007660': { themes: ['반도체', 'AI'] }, // 이수페타시스
  '454910': { themes: ['로봇'] }, // 두산로보틱스
  '035760': { themes: ['미디어', '엔터'] }, // CJ ENM
  '247540': { themes: ['2차전지'] }, // 에코프로비엠
  '086520': { themes: ['2차전지'] }, // 에코프로
  '066970': { themes: ['2차전지'] }, // 엘앤에프
  '383310': { themes: ['2차전지', '친환경'] }, // 에코프로에이치엔
  '278280': { themes: ['2차전지'] }, // 천보
  '196170': { themes: ['바이오'] }, // 알테오젠
  '028300': { aliases: ['에이치엘비'], themes: ['바이오'] }, // HLB
  '141080': { themes: ['바이오'] }, // 리가켐바이오
  '214150': { themes: ['미용기기'] }, // 클래시스
  '145020': { themes: ['바이오', '미용기기'] }, // 휴젤
  '000250': { themes: ['바이오', '제약'] }, // 삼천당제약
  '068760': { themes: ['바이오', '제약'] }, // 셀트리온제약
  '298380': { themes: ['바이오'] }, // 에이비엘바이오
  '310210': { themes: ['바이오'] }, // 보로노이
  '042700': { themes: ['반도체', 'HBM'] }, // 한미반도체
  '058470': { themes: ['반도체'] }, // 리노공업
  '039030': { themes: ['반도체'] }, // 이오테크닉스
  '403870': { themes: ['반도체'] }, // HPSP
  '240810': { themes: ['반도체'] }, // 원익IPS
  '036930': { themes: ['반도체'] }, // 주성엔지니어링
  '357780': { themes: ['반도체'] }, // 솔브레인
  '005290': { themes: ['반도체'] }, // 동진쎄미켐
  '095340': { themes: ['반도체'] }, // ISC
  '140860': { themes: ['반도체'] }, // 파크시스템스
  '277810': { themes: ['로봇'] }, // 레인보우로보틱스
  '263750': { themes: ['게임'] }, // 펄어비스
  '293490': { themes: ['게임'] }, // 카카오게임즈
  '112040': { themes: ['게임'] }, // 위메이드
  '035900': { aliases: ['JYP엔터테인먼트', 'JYP'], themes: ['엔터'] }, // JYP Ent.
  '041510': { aliases: ['SM엔터테인먼트'], themes: ['엔터'] }, // 에스엠
  '122870': { aliases: ['YG엔터테인먼트'], themes: ['엔터'] }, // 와이지엔터테인먼트
  '253450': { themes: ['엔터', '미디어'] }, // 스튜디오드래곤
  '078600': { themes: ['2차전지'] }, // 대주전자재료
  '214450': { themes: ['바이오', '미용기기'] }, // 파마리서치
  '257720': { themes: ['화장품'] }, // 실리콘투
  '087010': { themes: ['바이오'] }, // 펩트론
  '089030': { themes: ['반도체'] }, // 테크윙
  '031980': { themes: ['반도체'] }, // 피에스케이홀딩스
  '084370': { themes: ['반도체'] }, // 유진테크
  '064760': { themes: ['반도체'] }, // 티씨케이
  '067310': { themes: ['반도체'] }, // 하나마이크론
  '237690': { themes: ['바이오'] }, // 에스티팜
  '039200': { themes: ['바이오'] }, // 오스코텍
  '086900': { themes: ['바이오', '미용기기'] }, // 메디톡스
  '096530': { themes: ['바이오'] }, // 씨젠
  '328130': { themes: ['바이오', 'AI'] }, // 루닛
  '078340': { themes: ['게임'] }, // 컴투스
  '195940': { themes: ['바이오', '제약'] }, // HK이노엔
}

/** Names that are ordinary Korean words (대상 "target", 동서 "east-west", 테스 in 테스트, 아세아 "Asia"). */
const WORD_NAMES = new Set(['대상', '동서', '테스', '아세아'])

/** Parses the listing CSV (`code,name,market,index`, `#` comment lines); throws on a malformed line. */
export function parseListing(csv: string): ListedStock[] {
  const rows = csv.split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'))
  if (rows.shift() !== 'code,name,market,index') throw new Error('krx listing: unexpected header')
  return rows.map((line, i) => {
    const [code, name, market, index, ...rest] = line.split(',')
    const ok =
      rest.length === 0 &&
      /^[0-9][0-9A-Z]{5}$/.test(code) &&
      name?.trim() === name &&
      !!name &&
      ((market === 'KOSPI' && index === 'KOSPI200') || (market === 'KOSDAQ' && index === 'KOSDAQ150'))
    if (!ok) throw new Error(`krx listing: bad line ${i + 2}: ${line}`)
    const extra = EXTRAS[code]
    return {
      code,
      name,
      market: market as ListedStock['market'],
      index: index as ListedStock['index'],
      aliases: extra?.aliases ?? [],
      themes: extra?.themes ?? [],
      nameIsWord: WORD_NAMES.has(name),
    }
  })
}

export const LISTED_STOCKS: ListedStock[] = parseListing(readFileSync(LISTING_FILE, 'utf8'))

/** Themes (업종·테마) recognised by keyword when an article names no listed company, or besides it. */
export const THEMES: { id: string; name: string; keywords: string[] }[] = [
  { id: 'semiconductor', name: '반도체', keywords: ['반도체', 'HBM', '파운드리', 'D램', '낸드'] },
  { id: 'secondary-battery', name: '2차전지', keywords: ['2차전지', '이차전지', '배터리', '리튬', '양극재'] },
  { id: 'bio', name: '바이오', keywords: ['바이오', '신약', '임상'] },
  { id: 'defense', name: '방산', keywords: ['방산', '방위산업', 'K-방산'] },
  { id: 'shipbuilding', name: '조선', keywords: ['조선', '선박 수주', 'LNG선'] },
  { id: 'ai', name: 'AI', keywords: ['인공지능', 'AI 반도체', '생성형 AI'] },
  { id: 'nuclear', name: '원전', keywords: ['원전', '원자력', 'SMR'] },
  { id: 'automobile', name: '자동차', keywords: ['자동차', '전기차'] },
  { id: 'finance', name: '금융', keywords: ['밸류업', '은행주', '금융주'] },
  { id: 'game', name: '게임', keywords: ['게임주', '신작 게임'] },
]
