/**
 * Pinned versions of the Temporal servers this project builds offline.
 *
 * CLI 1.5.1 is the newest release whose go.mod has no `replace` directive: from 1.6.0 the CLI requires its
 * `cliext` submodule through `replace ... => ./cliext`, which the module proxy's zip does not contain, and the
 * proxy reachable here serves no pseudo-version of `github.com/temporalio/cli/cliext` to point a replace at
 * (checked 2026-11-22: `.../cliext/@v/list` and `@latest` answer 404). It embeds Temporal Server 1.29.1.
 */
export const TEMPORAL_CLI_VERSION = '1.5.1';
/** `io.temporal:temporal-test-server` on Maven Central: the time-skipping test server, run on the JVM. */
export const TEMPORAL_TEST_SERVER_VERSION = '1.38.0';
