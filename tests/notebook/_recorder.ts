/**
 * A display sink for the notebook tests that records every bundle shown
 * and the options it was shown with.
 */
import type {
  DisplaySink,
  MimeBundle,
  ShowOptions,
} from "../../src/notebook/display.ts";

/** A sink (rich or plain) and the list of what it was asked to show. */
export function recorder(rich: boolean): {
  sink: DisplaySink;
  shows: { bundle: MimeBundle; options: ShowOptions | undefined }[];
} {
  const shows: { bundle: MimeBundle; options: ShowOptions | undefined }[] = [];
  const sink: DisplaySink = {
    rich,
    show: (
      bundle,
      options,
    ) => (shows.push({ bundle, options }), Promise.resolve()),
  };
  return { sink, shows };
}
