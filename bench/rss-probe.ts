/**
 * Preloaded into a measured process (`node -r dist/bench/rss-probe.js …`): at exit, writes the
 * process's peak resident set size and CPU time — all threads, so the workers too — to
 * $MM_BENCH_RSS_FILE as JSON.
 */
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.MM_BENCH_RSS_FILE;
if (file && isMainThread) {
  process.on('exit', () => {
    // getrusage(RUSAGE_SELF): every thread of the process. maxRSS is in kilobytes, CPU times in µs.
    const u = process.resourceUsage();
    writeFileSync(file, `${JSON.stringify({ rss: u.maxRSS * 1024, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6 })}\n`);
  });
}
