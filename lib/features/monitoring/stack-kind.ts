/** The monitoring concern's stack kind: `monitoring-<env>` (index.ts declares it, GL-MON-003 looks for it). */
export const MONITORING_STACK_KIND = "monitoring";
