/** The demo user: the user of the spec examples' timeline, seeded in real mode, the mock's credential's subject. */
export const DEMO_USER_ID = 'u_8f3a2c'
