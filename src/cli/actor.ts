// Who the audit log names for what a CLI command changes: PONTE_ACTOR, else the CI's user
// (GitHub Actions, GitLab CI), else the login name.
export function actor(env: NodeJS.ProcessEnv = process.env): string {
  return env.PONTE_ACTOR || env.GITHUB_ACTOR || env.GITLAB_USER_LOGIN || env.BUILD_REQUESTEDFOR || env.USER || 'ponte';
}
