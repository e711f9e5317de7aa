/* h2_cmd.h -- subcommand entry points (private to the binary, so beside the
 * sources and not in include/, like minimap2's mmpriv.h). Each parses
 * its own options, prints its own usage, and returns the exit code. */
#ifndef H2_CMD_H
#define H2_CMD_H

int main_call(int argc, char *argv[]);
int main_pon(int argc, char *argv[]);
int main_regions(int argc, char *argv[]);
int main_simulate(int argc, char *argv[]);
int main_validate(int argc, char *argv[]);
int main_cohort(int argc, char *argv[]);

#endif
