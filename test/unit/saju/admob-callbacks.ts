/**
 * Real AdMob SSV callbacks, signed by Google with its production key 3335741209 (AdMob's "test
 * your callback URL" tool sends them), as published in the test suites of other verifiers, and
 * that key as https://www.gstatic.com/admob/reward/verifier-keys.json served it. Each query is
 * the callback's query string as AdMob sends it (percent escapes as sent).
 */

/** Google's AdMob SSV verifying key 3335741209 (SubjectPublicKeyInfo, base64), as in DoctorJohn/django-admob-ssv tests/test_views.py and timheide/rust_admob_ssv tests/integration_tests.rs. */
export const GOOGLE_KEY_ID = 3335741209
export const GOOGLE_KEY_BASE64 = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE+nzvoGqvDeB9+SzE6igTl7TyK4JBbglwir9oTcQta8NuG26ZpZFxt+F2NDk7asTE6/2Yc8i1ATcGIqtuS5hv0Q=='

export interface RealCallback {
  source: string
  query: string
  /** What the callback's signed parameters decode to (checked against the parse). */
  expect: Record<string, string>
}

const SIG = (s: string) => `&signature=${s}&key_id=3335741209`

export const REAL_CALLBACKS: RealCallback[] = [
  {
    source: 'timheide/rust_admob_ssv tests/integration_tests.rs (minimum parameters)',
    query:
      'ad_network=5450213213286189855&ad_unit=1234567890&timestamp=1588756506292&transaction_id=123456789' +
      SIG('MEQCIA54vhOTh9NjebJJZM6Pvgcz1UMd6Jn3G6WQ8czPoEPdAiBwXX1aOG4Cz219vH_VPXicw5K9w8XqOmWHYmQgKtJmsA'),
    expect: { transaction_id: '123456789', timestamp: '1588756506292' },
  },
  {
    source: 'timheide/rust_admob_ssv tests/integration_tests.rs (all parameters)',
    query:
      'ad_network=5450213213286189855&ad_unit=1234567890&custom_data=a&timestamp=1588787075450&transaction_id=123456789&user_id=1' +
      SIG('MEUCIA7MmmfAIvIq78myiVZ_cf4ykFAKOXt_JXGbN6LqGRUPAiEAw0SbAWnx1qR34M_A0QYVd5Pc22XoFzHq8EcICZoOYzs'),
    expect: { custom_data: 'a', user_id: '1' },
  },
  {
    source: 'timheide/rust_admob_ssv tests/integration_tests.rs (encoded spaces)',
    query:
      'ad_network=5450213213286189855&ad_unit=1234567890&custom_data=test%20with%20spaces&timestamp=1588893178205&transaction_id=123456789&user_id=user1234' +
      SIG('MEYCIQCgskFKBxxLi3ae8lDThSLf8ZFnu4aiAEsEpbrpVZcCkAIhAJ9p_wYfR8I6EU1iiLzD9q_Tm8263IeVdW-ODIigfD2V'),
    expect: { custom_data: 'test with spaces', user_id: 'user1234' },
  },
  {
    source: 'DoctorJohn/django-admob-ssv tests/test_views.py (test_get_with_valid_callback)',
    query:
      'ad_network=5450213213286189855&ad_unit=1234567890&custom_data=customdata42&reward_amount=1&reward_item=Reward&timestamp=1683852940453&transaction_id=123456789&user_id=userid42' +
      SIG('MEQCIAhKY5P-aBmjU0iqxtjq2JPzeNKnQ92ZbSPC33Sp4ByeAiBArqhg9_uafB1LCBYVIXWNOW8vVVlocLc81ptROfE44Q'),
    expect: { reward_amount: '1', reward_item: 'Reward', user_id: 'userid42' },
  },
  {
    // the test hands Django's client a dict; on the wire the base64 padding is %3D%3D
    source: 'DoctorJohn/django-admob-ssv tests/test_views.py (test_get_with_base64_encoded_payload)',
    query:
      'ad_network=5450213213286189855&ad_unit=1234567890&custom_data=8b626840-a5bb-4732-a02b-67517d6b9443&reward_amount=1&reward_item=Boost&timestamp=1683939248995&transaction_id=123456789&user_id=VXNlcjo0Mg%3D%3D' +
      SIG('MEQCIGdfQR4eu9bOi3gg069p0ZcH5H-u3etEFQsSJZ4fPU_EAiB75fI8p8uKetMld8_wT3GNPuGnnJYNpHN2ZP9u7bcpiA'),
    expect: { user_id: 'VXNlcjo0Mg==', reward_item: 'Boost' },
  },
  {
    source: 'exoshtw/node-admob-ssv tests/verifier.test.ts',
    query:
      'ad_network=5450213213286189855&ad_unit=1809337431&custom_data=holiiis&reward_amount=1&reward_item=Reward&timestamp=1588193918052&transaction_id=1b996a03fb990f1d28d631ae69575520&user_id=1712485313' +
      SIG('MEUCIQDXN3qOshww7SsZIlNUJc5yX3VCtDol3XW0E8K3n5lDEAIgVXsy0GstN-AEU-7g38p2SYMnO6iKb-vf65L9JqaTBv0'),
    expect: { transaction_id: '1b996a03fb990f1d28d631ae69575520', user_id: '1712485313' },
  },
  {
    source: 'sabriboughanmi/go_utils adNetworks/admob/admob_test.go (an earlier version)',
    query:
      'ad_network=5450213213286189855&ad_unit=1234567890&custom_data=%7B%22SuperPowers%22%3A%205%7D&reward_amount=1&reward_item=Battle%20Pass&timestamp=1624634818272&transaction_id=123456789&user_id=wNX0mXZaz5hEPWBE6StRdv4cmPk2' +
      SIG('MEQCIDhLm6-M98N4YEhPE2owusFjXS1Z7RLagfGiiEqyGyDBAiARo3sevcsrTZEPV8ZG1xBwIiPpuSt4Ege5ZBwH9hyjbQ'),
    expect: { custom_data: '{"SuperPowers": 5}', reward_item: 'Battle Pass', user_id: 'wNX0mXZaz5hEPWBE6StRdv4cmPk2' },
  },
  {
    source: 'sabriboughanmi/go_utils adNetworks/admob/admob_test.go (commit 2404b0db)',
    query:
      'ad_network=5450213213286189855&ad_unit=1234567890&custom_data=anything&reward_amount=1&reward_item=Battle%20Pass&timestamp=1624715712834&transaction_id=123456789&user_id=wNX0mXZaz5hEPWBE6StRdv4cmPk2' +
      SIG('MEQCIDNKJaapfSRsE8gCwWV0e0BL0wuCSdhffFFnnrOSS1MDAiAhvaRpYNEchUZAO09cIGjFLp39zn6n3F9hBqS0zfAjog'),
    expect: { custom_data: 'anything', reward_item: 'Battle Pass' },
  },
]
