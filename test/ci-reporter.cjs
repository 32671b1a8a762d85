// Mocha's spec reporter plus the plain closing line CI reads: `N passed, N failed`.
const Mocha = require("mocha");
const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

class CiSpec extends Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const stats = runner.stats;
      const skipped = stats.pending ? `, ${stats.pending} skipped` : "";
      process.stdout.write(`${stats.passes} passed, ${stats.failures} failed${skipped}\n`);
    });
  }
}
module.exports = CiSpec;
