/**
 * The rule set paseo ships (README "Policy rules" lists it). Asks for what is hard to undo or reaches beyond the
 * machine; allows tools and commands that only read. Config rules come before these and any one of them can be
 * turned off by id: `{"default": "rm-rf", "enabled": false}` in approvals.rules, or all with `approvals.defaults: false`.
 * Command globs: `*` crosses spaces and slashes, `*(…)`/`+(…)` are extglobs, `{a,b}` alternatives (picomatch).
 */
import type { PolicyRule } from './policy-rules.js';

/** Flags words like `-rf`, `-fr`, `-Rf`: a dash, letters, one of `letter`, letters. */
const flag = (letter: string) => `-*([a-zA-Z])${letter}*([a-zA-Z])`;
/** paseo's MCP tools that change nothing (src/mcp/tools): creating, sending, archiving and scheduling still ask. */
const PASEO_READ_TOOLS = ['list_agents', 'get_agent_status', 'wait_for_agent', 'list_pending_permissions', 'list_providers', 'list_schedules', 'list_worktrees'];
const SQL_CLIENTS = '{psql,mysql,mariadb,sqlite3,sqlcmd,clickhouse-client,cockroach sql}';

export const DEFAULT_RULES: readonly (PolicyRule & { id: string; description: string })[] = [
  {
    id: 'git-push-main',
    description: 'git push to main or master',
    tool: 'Bash',
    command: ['git push* {main,master}', 'git push* {main,master} *', 'git push* *:{main,master}*', 'git push* *:refs/heads/{main,master}*', 'git {-C,-c} * push* {main,master}*'],
    action: 'ask',
  },
  {
    id: 'git-force-push',
    description: 'any force push (-f, --force, --force-with-lease, +refspec)',
    tool: 'Bash',
    command: [`git push* ${flag('f')}*`, 'git push* --force*', 'git push* +*', 'git {-C,-c} * push* {--force,-f,+}*'],
    action: 'ask',
  },
  { id: 'git-reset-hard', description: 'git reset --hard', tool: 'Bash', command: ['git reset* --hard*', 'git {-C,-c} * reset* --hard*'], action: 'ask' },
  { id: 'git-clean', description: 'git clean -f… (deletes untracked files)', tool: 'Bash', command: [`git clean* ${flag('f')}*`, 'git clean* --force*'], action: 'ask' },
  {
    id: 'rm-rf',
    description: 'recursive rm (rm -rf, -r, -R, --recursive)',
    tool: 'Bash',
    command: [`rm ${flag('[rR]')}*`, `rm * ${flag('[rR]')}*`, 'rm* --recursive*'],
    action: 'ask',
  },
  {
    id: 'migrations',
    description: 'database migrations and destructive SQL (prisma, knex, alembic, rails, django, DROP/TRUNCATE through a SQL client)',
    tool: 'Bash',
    command: [
      '{npx ,pnpm ,pnpm exec ,yarn ,bunx ,}prisma {migrate,db push,db execute}*',
      '{npx ,pnpm ,yarn ,bunx ,}knex migrate*',
      'alembic {upgrade,downgrade,stamp}*',
      '{bin/,./bin/,bundle exec ,}{rails,rake} db:*',
      '{python ,python3 ,}{./,}manage.py {migrate,flush,sqlflush}*',
      'django-admin {migrate,flush}*',
      `${SQL_CLIENTS}* *{DROP,drop,Drop,TRUNCATE,truncate,Truncate}*`,
    ],
    action: 'ask',
  },
  {
    id: 'publish',
    description: 'publishing packages (npm/pnpm/yarn publish, cargo publish, twine upload, gem push, poetry publish)',
    tool: 'Bash',
    command: ['{npm,pnpm,yarn,bun} publish*', 'yarn npm publish*', 'cargo publish*', '{python ,python3 ,python -m ,python3 -m ,}twine upload*', 'gem push*', 'poetry publish*'],
    action: 'ask',
  },
  {
    id: 'pipe-to-shell',
    description: 'curl or wget piped into a shell',
    tool: 'Bash',
    command: ['*{curl,wget} *|*{sh,bash,zsh,dash}', '*{curl,wget} *|*{sh,bash,zsh,dash} *'],
    action: 'ask',
  },
  // `git diff --output=f`, `rg --pre cmd`: read-only programs with an option that writes or runs something.
  { id: 'read-with-side-effects', description: 'git … --output, rg --pre (options of read-only commands that write or run)', tool: 'Bash', command: ['git * --output*', 'rg* --pre*'], action: 'ask' },
  { id: 'sudo', description: 'sudo (and doas)', tool: 'Bash', command: ['sudo', 'sudo *', 'doas *'], action: 'ask' },
  {
    id: 'read-only-tools',
    description: 'tools that only read: Read, Grep, Glob, LS (every CLI spelling)',
    tool: 'Read|Grep|Glob|LS',
    action: 'allow',
  },
  {
    id: 'paseo-read-tools',
    description: "paseo's own MCP tools that only read or wait: list_*, get_agent_status, wait_for_agent (every CLI's spelling)",
    // Claude and Codex name them mcp__paseo__<tool>, Gemini mcp_paseo_<tool>, OpenCode paseo_<tool>.
    tool: `{mcp__paseo__,mcp_paseo_,paseo_}{${PASEO_READ_TOOLS.join(',')}}`,
    action: 'allow',
  },
  {
    id: 'read-only-commands',
    description: 'commands that only read: git status|diff|log|show|…, ls, cat, pwd, head, tail, wc, grep, rg, cd, …',
    tool: 'Bash',
    command: [
      'git {status,diff,log,show,blame,rev-parse,ls-files,describe,shortlog}',
      'git {status,diff,log,show,blame,rev-parse,ls-files,describe,shortlog} *',
      'git branch', 'git branch {--list,-a,-r,-v,-vv,--show-current}*',
      '{ls,cat,pwd,head,tail,wc,grep,egrep,fgrep,rg,tree,stat,file,which,whoami,date,du,df,basename,dirname,realpath,uname,id,echo,true,nl,cd}',
      // `cd dir && …`: the commands after it are checked on their own.
      '{ls,cat,head,tail,wc,grep,egrep,fgrep,rg,stat,file,which,du,df,basename,dirname,realpath,uname,echo,nl,cd} *',
    ],
    action: 'allow',
  },
];

export const DEFAULT_RULE_IDS: ReadonlySet<string> = new Set(DEFAULT_RULES.map((r) => r.id));
