#define GREETING "hello from greeter"
