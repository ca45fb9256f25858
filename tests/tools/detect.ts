// `npm run detect -- page.html --url https://…`: what Haowu reads from a saved page (see detect-cli.ts).
import { runDetect } from './detect-cli';

process.exitCode = await runDetect(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
