import type { WebClient } from "@slack/web-api";

/** Who may change a channel's briefing besides the workspace's admins and owners. */
export interface ManagerRule {
  /** From `BRIEFBOT_SLACK_MANAGERS`: user ids (`U…`, `W…`) and user group ids (`S…`). */
  managers: readonly string[];
}

/**
 * May this person subscribe or unsubscribe a channel's briefing? Workspace admins and owners may,
 * and the users and members of the user groups named in `BRIEFBOT_SLACK_MANAGERS`. Asking Slack
 * fails closed: when the answer cannot be had, the answer is no.
 */
export async function mayManage(client: WebClient, userId: string, rule: ManagerRule): Promise<boolean> {
  if (rule.managers.includes(userId)) return true;
  try {
    const info = (await client.users.info({ user: userId })) as { user?: { is_admin?: boolean; is_owner?: boolean } };
    if (info.user?.is_admin || info.user?.is_owner) return true;
  } catch {
    return false;
  }
  for (const group of rule.managers.filter((m) => m.startsWith("S"))) {
    try {
      const members = (await client.usergroups.users.list({ usergroup: group })) as { users?: string[] };
      if (members.users?.includes(userId)) return true;
    } catch {
      // A group we cannot read grants nothing.
    }
  }
  return false;
}

/** Who may, in the words the refusal uses. */
export function whoMay(rule: ManagerRule): string {
  const named = rule.managers.map((m) => (m.startsWith("S") ? `<!subteam^${m}>` : `<@${m}>`));
  return named.length > 0 ? `workspace admins and owners, and ${named.join(", ")}` : "workspace admins and owners";
}
