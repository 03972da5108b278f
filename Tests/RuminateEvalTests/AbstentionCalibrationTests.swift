import RuminateCompose
import RuminateEval
import Testing

@Suite struct AbstentionCalibrationTests {
    @Test func choosesTheThresholdWithTheBestBalancedAccuracyAndTheLowestOnATie() {
        // At 0.4: all answerable answered, 2 of 3 unanswerable abstained (0.833). At 0.675: all 3 abstained
        // but one answerable too (0.833). Tie: the lower threshold wins.
        let point = AbstentionCalibration.best(
            measure: .passageCoverage, answerable: [0.6, 0.7, 0.8], unanswerable: [0.1, 0.2, 0.65])
        #expect(point.threshold == 0.4)
        #expect(point.correctAbstention == 2.0 / 3.0)
        #expect(point.wrongAbstention == 0)
    }

    @Test func separableSetsGetAPerfectThresholdBetweenThem() {
        let point = AbstentionCalibration.best(
            measure: .sentenceCoverage, answerable: [0.5, 0.9], unanswerable: [0.1, 0.3])
        #expect(point.threshold == 0.4)
        #expect(point.balancedAccuracy == 1)
    }

    @Test func answerWordsAreCountedTheSameWayInEveryLanguage() {
        // Whitespace would count the Chinese sentence as one word; ICU cuts it into its words (如何 查看 文件 的 行 数
        // with today's dictionary; another ICU version may keep 行数 whole). Punctuation is never a word.
        #expect((5...6).contains(AnswerEvaluation.words(in: "如何查看文件的行数")))
        #expect(AnswerEvaluation.words(in: "Run the VACUUM command, then check!") == 6)
        #expect(AnswerEvaluation.words(in: "wc -l 输出换行符统计数。") == AnswerEvaluation.words(in: "wc -l 输出 换行符 统计数"))
    }

    @Test func theCalibratedPolicyAbstainsBelowItsThreshold() {
        let policy = AbstentionPolicy(measure: .passageCoverage, threshold: 0.5)
        #expect(policy.abstains(EvidenceStrength(passageCoverage: 0.49, sentenceCoverage: 0.9)))
        #expect(!policy.abstains(EvidenceStrength(passageCoverage: 0.5, sentenceCoverage: 0)))
        #expect(OffTopicQuestions.calibration.count == 40 && OffTopicQuestions.evaluation.count == 40)
        #expect(Set(OffTopicQuestions.calibration).isDisjoint(with: OffTopicQuestions.evaluation))
    }
}
