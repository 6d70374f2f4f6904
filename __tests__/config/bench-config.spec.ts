import { validateConfigData } from "../../lib/engines/config/load";
import { AppConfig } from "../../lib/config/schema";
import { scaledConfig } from "../../bench/scale-config";
import { exampleInput } from "../helpers/example-config";

// npm run bench synthesizes the examples scaled tenfold (bench/run.ts validates them first, so a bench on
// an invalid config measures nothing): a validation rule the scaled config breaks stopped the bench with a
// stack trace (the Access limit of 5 domains per application, which 21 hostnames pass). No timing here.
describe("the bench's scaled configs", () => {
  test.each(["production", "staging"])("%s scaled tenfold is a valid config", (env) => {
    const scaled = scaledConfig(AppConfig.parse(exampleInput(env)), 10);
    expect(() => validateConfigData(`${env}.json`, scaled)).not.toThrow();
    expect(scaled.edge.hostnames.length).toBeGreaterThan(20);
  });
});
