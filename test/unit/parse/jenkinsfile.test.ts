/** Jenkinsfile → its `sh` steps (every string form), `environment { }` and Docker Pipeline calls, with lines. */
import assert from 'node:assert/strict';
import { parseJenkinsfile } from '../../../src/parse/jenkinsfile';

describe('parse/jenkinsfile', () => {
  const JENKINSFILE = [
    'pipeline {', // 1
    '  agent any', // 2
    "  environment { BUILDER = 'app-builder'; TOKEN = credentials('t') }", // 3
    '  stages { stage("b") { steps {', // 4
    "    // sh 'docker build in a comment'", // 5
    '    /* sh "docker build in a block comment" */', // 6
    "    sh 'docker build -f Dockerfile.build -t $BUILDER .'", // 7
    '    sh """', // 8
    '      echo extract', // 9
    '      docker create --name x ${BUILDER}', // 10
    '    """', // 11
    "    sh(label: 'image', script: \"docker build -t app:${env.BUILD_NUMBER} .\")", // 12
    "    sh label: 'push',", // 13
    "       script: 'docker push app'", // 14
    "    sh './deploy.sh'", // 15
    '    script { docker.build("other") }', // 16
    '  } } }', // 17
    '}',
  ].join('\n');
  const model = parseJenkinsfile(JENKINSFILE);

  it('finds every sh step, its quotes and the line its script starts on, skipping comments', () => {
    assert.deepEqual(
      model.shellSteps.map((s) => `${s.line} ${s.quote} ${s.scriptLine}`),
      ["7 ' 7", '8 """ 8', '12 " 12', "13 ' 14", "15 ' 15"],
    );
    assert.equal(model.shellSteps[1].script, '\n      echo extract\n      docker create --name x ${BUILDER}\n    ');
  });

  it('points at the first docker command that builds, runs or copies, not at login or push', () => {
    assert.deepEqual(model.shellSteps.map((s) => (s.docker ? `${s.docker.line} ${s.docker.command}` : '-')), [
      '7 docker build -f Dockerfile.build -t $BUILDER .',
      '10 docker create --name x ${BUILDER}',
      '12 docker build -t app:${env.BUILD_NUMBER} .',
      '-',
      '-',
    ]);
  });

  it('reads environment { } string values, and Docker Pipeline calls', () => {
    assert.deepEqual(model.environment, [
      { name: 'BUILDER', value: 'app-builder', quote: "'", line: 3 },
      { name: 'TOKEN', value: null, quote: '', line: 3 },
    ]);
    assert.deepEqual(model.dockerCalls, [{ line: 16, call: 'docker.build(…)' }]);
  });
});
