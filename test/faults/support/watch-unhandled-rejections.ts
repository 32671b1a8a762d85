/** Unhandled rejections since the last reset, seen through one process listener shared by all harnesses. */
export interface RejectionWatch {
  reset(): void;
  seen(): string[];
}

const seen: string[] = [];
let installed = false;

export function watchUnhandledRejections(): RejectionWatch {
  if (!installed) {
    installed = true;
    process.on("unhandledRejection", (reason) => {
      seen.push(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
    });
  }
  return {
    reset: () => {
      seen.length = 0;
    },
    seen: () => [...seen],
  };
}
