/**
 * The rules in force: config.json's `approvals.rules` (in order) then the default set, minus the defaults config turns
 * off. Re-read when config.json changes (its mtime), so an edit applies to the next request without a restart; "allow
 * always" appends a rule to the file. Bad rules are kept as problems with their position, never dropped unseen.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, errorMessage } from '../../core/errors.js';
import { createLogger } from '../../core/log.js';
import { writeFileAtomic } from '../atomic-write.js';
import { DEFAULT_RULES, DEFAULT_RULE_IDS } from './default-rules.js';
import { type PlacedRule, type PolicyRule, type RuleProblem, isProblem, readRuleEntry } from './policy-rules.js';

const log = createLogger('policy');

export interface RuleSet {
  /** In the order they are listed and matched: config rules, then the defaults still on. */
  rules: PlacedRule[];
  problems: RuleProblem[];
  /** Default rules config turned off (by id). */
  disabledDefaults: string[];
}

export function configFile(home: string): string {
  return path.join(home, 'config.json');
}

/** The rule set from config.json's `approvals` value (undefined: defaults only). */
export function buildRuleSet(approvals: unknown): RuleSet {
  const problems: RuleProblem[] = [];
  const configRules: PolicyRule[] = [];
  const configIndex: number[] = [];
  const disabled = new Set<string>();
  let defaultsOn = true;
  if (approvals !== undefined) {
    if (!approvals || typeof approvals !== 'object' || Array.isArray(approvals)) {
      problems.push({ index: -1, message: 'approvals must be an object {"rules": [...], "defaults": true}' });
    } else {
      const a = approvals as Record<string, unknown>;
      const extra = Object.keys(a).filter((k) => k !== 'rules' && k !== 'defaults');
      if (extra.length) problems.push({ index: -1, message: `approvals: unknown key ${extra.map((k) => JSON.stringify(k)).join(', ')}` });
      if (a.defaults !== undefined && typeof a.defaults !== 'boolean') problems.push({ index: -1, message: 'approvals.defaults must be true or false' });
      if (a.defaults === false) defaultsOn = false;
      if (a.rules !== undefined && !Array.isArray(a.rules)) problems.push({ index: -1, message: 'approvals.rules must be a list' });
      const entries = Array.isArray(a.rules) ? a.rules : [];
      entries.forEach((entry, i) => {
        const r = readRuleEntry(entry, i, DEFAULT_RULE_IDS);
        if (isProblem(r)) problems.push(r);
        else if ('default' in r) {
          if (!r.enabled) disabled.add(r.default);
          else disabled.delete(r.default);
        } else {
          configRules.push(r);
          configIndex.push(i);
        }
      });
    }
  }
  const rules: PlacedRule[] = configRules.map((rule, k) => ({ rule, source: 'config', position: k + 1, label: `config #${configIndex[k]! + 1}${rule.id ? ` (${rule.id})` : ''}` }));
  if (defaultsOn) {
    for (const rule of DEFAULT_RULES) {
      if (disabled.has(rule.id)) continue;
      rules.push({ rule, source: 'default', position: rules.length + 1, label: `default ${rule.id}` });
    }
  }
  return { rules, problems, disabledDefaults: defaultsOn ? [...disabled] : DEFAULT_RULES.map((r) => r.id) };
}

/** config.json under `home` as an object ({} when absent); a file that is not JSON is a ConfigError. */
export function readConfigObject(home: string): Record<string, unknown> {
  const file = configFile(home);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`cannot read ${file}: ${errorMessage(err)}`, { file });
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`invalid ${file}: ${errorMessage(err)}`, { file });
  }
  throw new ConfigError(`invalid ${file}: not a JSON object`, { file });
}

export function readRuleSet(home: string): RuleSet {
  return buildRuleSet(readConfigObject(home).approvals);
}

/** Where an "allow always" rule applies: this agent, this project (the agent's cwd), or everywhere. */
export type RuleScope = 'agent' | 'project' | 'global';

export class RuleStore {
  private cached: RuleSet | undefined;
  private stamp = '';

  constructor(private readonly home: string) {}

  /** The rules now in force (re-read when config.json changed since the last call). */
  current(): RuleSet {
    const stamp = this.fileStamp();
    if (!this.cached || stamp !== this.stamp) {
      try {
        this.cached = readRuleSet(this.home);
      } catch (err) {
        // A config.json that stopped being JSON: keep deciding (fail closed: nothing is allowed by rules) and say why.
        this.cached = { rules: [], problems: [{ index: -1, message: errorMessage(err) }], disabledDefaults: [] };
      }
      this.stamp = stamp;
      for (const p of this.cached.problems) log.warn('policy.bad-rule', { index: p.index, message: p.message });
    }
    return this.cached;
  }

  /** Appends a rule to config.json's approvals.rules; refused (ConfigError) when it is not a valid rule. */
  async addRule(rule: PolicyRule): Promise<PlacedRule> {
    const checked = readRuleEntry(rule, 0, DEFAULT_RULE_IDS);
    if (isProblem(checked) || 'default' in checked) throw new ConfigError(isProblem(checked) ? checked.message.replace(/^approvals\.rules\[0\] \(rule 1\): /, 'rule: ') : 'not a rule');
    const config = readConfigObject(this.home);
    const approvals = config.approvals && typeof config.approvals === 'object' && !Array.isArray(config.approvals) ? { ...(config.approvals as Record<string, unknown>) } : {};
    const rules = Array.isArray(approvals.rules) ? [...(approvals.rules as unknown[])] : [];
    rules.push(rule);
    approvals.rules = rules;
    fs.mkdirSync(this.home, { recursive: true, mode: 0o700 });
    await writeFileAtomic(configFile(this.home), JSON.stringify({ ...config, approvals }, null, '\t') + '\n');
    log.info('policy.rule-added', { index: rules.length - 1, action: rule.action, tool: rule.tool });
    const set = this.current();
    const placed = set.rules.find((r) => r.source === 'config' && r.label.startsWith(`config #${rules.length}`));
    return placed ?? { rule, source: 'config', position: set.rules.length, label: `config #${rules.length}` };
  }

  private fileStamp(): string {
    try {
      const st = fs.statSync(configFile(this.home));
      return `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      return 'none';
    }
  }
}
