/**
 * The command line: one class per subcommand, each with {@code run(String[])} returning an exit status,
 * so tests call commands exactly as users do. Nothing imports this package.
 */
package org.neurosurrogate.cli;
