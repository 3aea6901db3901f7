import { defineConfig } from "vitest/config";

const shared = { environment: "node", testTimeout: 20_000, hookTimeout: 20_000 } as const;

export default defineConfig({
  test: {
    reporters: ["default", "./test/reporters/summary-line.ts"],
    projects: [
      {
        test: { ...shared, name: "node", include: ["test/**/*.test.ts"], exclude: ["test/browser/**"], sequence: { groupOrder: 0 } },
      },
      {
        // Real-time audio in Chromium measures wall-clock rendering: it runs after the Node
        // project, one file at a time, so other tests do not steal its CPU on a 2-core machine.
        test: {
          ...shared,
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
