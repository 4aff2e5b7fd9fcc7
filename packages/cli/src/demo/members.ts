/** A member of the family and whether `mailup demo` has a step for it yet. */
export interface DemoMember {
  member: string;
  /** `covered`: built, with demo steps; `not built yet`: planned, no client to show. */
  status: 'covered' | 'not built yet';
}

/**
 * What the demo covers, in the README's order. Update a member's status when its client lands with a demo step
 * (`packages/cli/test/cli-demo.int.test.ts` checks that every covered member has a step).
 */
export const demoMembers: readonly DemoMember[] = [
  { member: 'rest', status: 'covered' },
  { member: 'limits', status: 'covered' },
  { member: 'soap', status: 'covered' },
  { member: 'frontend', status: 'covered' },
  { member: 'jsonp', status: 'covered' },
  { member: 'transactional', status: 'covered' },
  { member: 'smtp', status: 'covered' },
  { member: 'client', status: 'covered' },
];

/** One line: which members the demo covers and which are not built yet. */
export function membersLine(members: readonly DemoMember[] = demoMembers): string {
  const covered = members.filter((m) => m.status === 'covered').map((m) => m.member);
  const missing = members.filter((m) => m.status !== 'covered').map((m) => m.member);
  const covers = `covers: ${covered.join(', ')}`;
  return missing.length > 0 ? `${covers}; not built yet (no demo step): ${missing.join(', ')}` : covers;
}
