/*
 * The audit actions people filter by, with names they can read. Client-safe.
 */

/** Every `AuditLogAction` Devin documents (doc §9), in the spec's order. A value Devin adds later is still accepted as typed. */
export const DEVIN_AUDIT_ACTIONS = [
  'login', 'create_org', 'update_org', 'delete_org', 'revoke_all_enterprise_api_keys', 'add_enterprise_member', 'delete_member',
  'add_member', 'assign_roles', 'update_role', 'create_role', 'delete_role', 'add_group_membership', 'update_group_membership',
  'delete_group_membership', 'create_knowledge', 'edit_knowledge', 'delete_knowledge', 'create_folder', 'update_folder', 'delete_folder',
  'create_session', 'sleep_session', 'terminate_session', 'send_message', 'create_service_api_key', 'revoke_enterprise_api_key',
  'create_org_api_key', 'create_user_api_key', 'view_org_api_key', 'view_user_api_key', 'create_gitlab_integration',
  'update_gitlab_integration', 'reconnect_gitlab_integration', 'delete_gitlab_integration', 'create_azure_devops_integration',
  'reconnect_azure_devops_integration', 'delete_azure_devops_integration', 'github_integration_deleted', 'create_github_integration',
  'delete_github_integration', 'refresh_github_integration', 'create_bitbucket_integration', 'delete_bitbucket_integration',
  'remove_repo_from_devin', 'update_enterprise_hypervisor_settings', 'update_enterprise_settings', 'update_org_settings',
  'ai_guardrail_violation', 'update_ai_guardrail', 'approve_deploy', 'approve_test_app', 'permission_response', 'search_query',
  'create_secret', 'update_secret', 'delete_secret', 'create_playbook', 'update_playbook', 'delete_playbook', 'enable_persona',
  'disable_persona', 'delete_persona', 'start_repo_setup', 'delete_repo_setup', 'finish_repo_setup', 'mcp_server_install',
  'mcp_server_update', 'mcp_server_enable', 'mcp_server_disable', 'mcp_server_delete', 'mcp_server_secret_link',
  'mcp_server_secret_unlink', 'mcp_server_oauth_initiate', 'mcp_server_oauth_tokens_granted', 'mcp_server_oauth_tokens_revoked',
  'create_mcp_validation_session', 'create_service_user', 'delete_service_user', 'assign_service_user_role', 'remove_service_user_role',
  'create_git_permission', 'delete_git_permission', 'update_git_permission', 'create_maintenance_task', 'update_maintenance_task',
  'delete_maintenance_task', 'create_snapshot_script', 'schedule_snapshot_script', 'execute_snapshot_script',
  'update_repo_setup_steering_knowledge', 'delete_repo_setup_steering_knowledge', 'set_org_group_limits', 'create_join_request',
  'approve_join_request', 'automatic_join_event', 'reject_join_request', 'create_service_user_api_key', 'revoke_service_user_api_key',
  'rotate_service_user_api_key', 'create_pat', 'revoke_pat', 'rotate_pat', 'create_blueprint', 'create_blueprint_version',
  'rollback_blueprint_version', 'delete_blueprint', 'reorder_blueprints', 'create_enterprise_blueprint',
  'create_enterprise_blueprint_version', 'rollback_enterprise_blueprint_version', 'delete_enterprise_blueprint', 'accept_skill_pr',
  'trigger_blueprint_build', 'cancel_blueprint_build', 'upload_blueprint_file', 'delete_blueprint_file', 'pin_build', 'unpin_build',
  'delete_build', 'trigger_automation', 'create_automation', 'update_automation', 'delete_automation', 'acknowledge_session_hard_cap',
] as const;

/** Words that read better spelled out or cased as their owners write them. */
const WORDS: Record<string, string> = {
  org: 'organization',
  orgs: 'organizations',
  api: 'API',
  pat: 'personal access token',
  mcp: 'MCP',
  ai: 'AI',
  oauth: 'OAuth',
  gitlab: 'GitLab',
  github: 'GitHub',
  bitbucket: 'Bitbucket',
  azure: 'Azure',
  devops: 'DevOps',
  repo: 'repository',
  pr: 'PR',
};

/** "create_org" → "Create organization", "service-user.key.rotate" → "Service user key rotate": the raw name as words. */
export function readableAction(action: string): string {
  const words = action
    .split(/[._\s-]+/)
    .filter(Boolean)
    .map((w) => WORDS[w.toLowerCase()] ?? w.toLowerCase());
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface ActionOption {
  value: string;
  label: string;
}

export const actionOptions = (actions: readonly string[]): ActionOption[] => actions.map((value) => ({ value, label: readableAction(value) }));

/**
 * The options matching what was typed: every word typed appears in the readable name or the raw value, so "key
 * rotate", "rotate_service" and "Rotate service user" all find rotate_service_user_api_key. Empty input lists all.
 */
export function filterActions(options: ActionOption[], typed: string): ActionOption[] {
  const words = typed.toLowerCase().split(/[\s._-]+/).filter(Boolean);
  if (words.length === 0) return options;
  return options.filter((o) => {
    const hay = `${o.label.toLowerCase()} ${o.value.toLowerCase().replace(/[._-]+/g, ' ')}`;
    return words.every((w) => hay.includes(w));
  });
}
