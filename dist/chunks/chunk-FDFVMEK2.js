import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
function lastLines(text,n=15){let lines=text.replace(/\s+$/,"").split(`
`);return lines.length===1&&lines[0]===""?[]:lines.slice(-n)}function stepEnding(run){return run.timed_out?"timed out":run.cancelled?"cancelled":run.exit_code===null&&run.error?run.error:`exit ${run.exit_code??"none"}`}function failedStep(record){return record.commands_run.find(c=>c.exit_code!==0&&!c.continue_on_error&&!c.cancelled)}export{lastLines,stepEnding,failedStep};
