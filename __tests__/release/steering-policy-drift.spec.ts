import { steeringOverride } from "../../lib/features/release/steering";

// random_steering (load_balancer schema.go, provider v5.14.0): "random" picks a pool with probability
// proportional to its weight; "least_outstanding_requests" and "least_connections" use the same weights
// to scale each pool's outstanding requests or open connections. Both are drift from the "random" golive
// sends, but the weights still count there: the words must not say otherwise.

describe("a steering policy other than golive's random, in words (steeringOverride)", () => {
  test("least_outstanding_requests and least_connections: the weights scale, not pick", () => {
    expect(steeringOverride({ steeringPolicy: "least_outstanding_requests" })).toBe(
      'steering_policy "least_outstanding_requests", not the "random" golive declares: the weights scale each pool\'s outstanding requests instead of picking a pool by probability',
    );
    expect(steeringOverride({ steeringPolicy: "least_connections" })).toBe(
      'steering_policy "least_connections", not the "random" golive declares: the weights scale each pool\'s open connections instead of picking a pool by probability',
    );
  });

  test("a policy that reads no weights (off, geo) says so; random, or none read, is no override", () => {
    expect(steeringOverride({ steeringPolicy: "geo" })).toBe(
      'steering_policy "geo", not the "random" golive declares, so the weights do not pick the pool',
    );
    expect(steeringOverride({ steeringPolicy: "random" })).toBeUndefined();
    expect(steeringOverride({})).toBeUndefined();
  });
});
